CREATE TABLE "decision_monitors" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"certificate_id" integer,
	"audits" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"evidence" double precision DEFAULT 1 NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tripped_at" timestamp with time zone,
	"tripped_reason" text,
	"reset_by" text,
	"reset_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "threshold_certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "threshold_certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"model_version_id" integer,
	"model_hash" text NOT NULL,
	"form" text NOT NULL,
	"alpha" double precision NOT NULL,
	"delta" double precision NOT NULL,
	"grid_step" double precision NOT NULL,
	"label_targets" jsonb,
	"threshold" double precision,
	"label_thresholds" jsonb,
	"coverage" double precision NOT NULL,
	"n" integer NOT NULL,
	"k" integer NOT NULL,
	"upper_bound" double precision NOT NULL,
	"calibration_size" integer NOT NULL,
	"calibration" jsonb NOT NULL,
	"curve" jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"retired_by" text,
	"retired_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "sampled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "gold_label" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "suggestion_hidden" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "certificate_id" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "certificate" jsonb;--> statement-breakpoint
ALTER TABLE "decision_monitors" ADD CONSTRAINT "decision_monitors_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_monitors" ADD CONSTRAINT "decision_monitors_certificate_id_threshold_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."threshold_certificates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_monitors" ADD CONSTRAINT "decision_monitors_reset_by_users_id_fk" FOREIGN KEY ("reset_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_certificates" ADD CONSTRAINT "threshold_certificates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_certificates" ADD CONSTRAINT "threshold_certificates_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_certificates" ADD CONSTRAINT "threshold_certificates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_certificates" ADD CONSTRAINT "threshold_certificates_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_certificates" ADD CONSTRAINT "threshold_certificates_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "threshold_certificates_project_idx" ON "threshold_certificates" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "threshold_certificates_approved_uq" ON "threshold_certificates" USING btree ("project_id") WHERE "threshold_certificates"."status" = 'approved';--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_certificate_id_threshold_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."threshold_certificates"("id") ON DELETE set null ON UPDATE no action;
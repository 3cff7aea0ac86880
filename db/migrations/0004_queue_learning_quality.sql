CREATE TABLE "learning_state" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"labels_since_trigger" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_consensus" (
	"item_id" bigint PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"label_id" integer NOT NULL,
	"posterior" real NOT NULL,
	"posteriors" jsonb NOT NULL,
	"ratings" smallint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_snapshots" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"report" jsonb,
	"computed_at" timestamp with time zone,
	"annotation_watermark" bigint DEFAULT 0 NOT NULL,
	"annotation_count" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"refresh_started_at" timestamp with time zone,
	"refresh_error" text
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "is_gold_check" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "learning_state" ADD CONSTRAINT "learning_state_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_consensus" ADD CONSTRAINT "item_consensus_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_consensus" ADD CONSTRAINT "item_consensus_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_consensus" ADD CONSTRAINT "item_consensus_label_id_project_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."project_labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_snapshots" ADD CONSTRAINT "quality_snapshots_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_consensus_project_idx" ON "item_consensus" USING btree ("project_id","posterior");--> statement-breakpoint
CREATE INDEX "items_queue_idx" ON "items" USING btree ("project_id","priority" DESC NULLS LAST) WHERE "items"."status" = 'open' and not "items"."is_eval" and not "items"."is_gold_check";--> statement-breakpoint
CREATE INDEX "items_eval_queue_idx" ON "items" USING btree ("project_id",(("id" * 2654435761) % 4294967296)) WHERE "items"."status" = 'open' and "items"."is_eval" and not "items"."is_gold_check";--> statement-breakpoint
CREATE INDEX "items_gold_queue_idx" ON "items" USING btree ("project_id",(("id" * 2654435761) % 4294967296)) WHERE "items"."is_gold_check";--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_running_uq" ON "jobs" USING btree ("project_id","kind") WHERE "jobs"."status" = 'running' and "jobs"."project_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_queued_train_uq" ON "jobs" USING btree ("project_id") WHERE "jobs"."status" = 'queued' and "jobs"."kind" = 'train';
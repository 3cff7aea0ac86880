CREATE TABLE "media_objects" (
	"hash" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"storage" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "annotations" ALTER COLUMN "label_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "predictions" ALTER COLUMN "label_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "value" jsonb;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "gold_value" jsonb;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "final_value" jsonb;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "media_hash" text;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "value" jsonb;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_answer_ck" CHECK ("annotations"."label_id" is not null or "annotations"."value" is not null);
-- A batch of rows without annotations, predictions or a final label is staged as the items columns
-- it becomes, one array per column, and published by one insert within the database (publish-staged-items.ts).
ALTER TABLE "import_staged_batches" ALTER COLUMN "rows_json" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "external_ids" text[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "content_hashes" text[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "texts" text[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "media_hashes" text[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "metadata" jsonb[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "gold_label_ids" integer[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "gold_values" jsonb[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "priorities" real[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "eval_flags" boolean[];--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD COLUMN "gold_check_flags" boolean[];--> statement-breakpoint
-- Like rows_json (0019): written once, read once, given back after the import; not worth compressing.
ALTER TABLE "import_staged_batches" ALTER COLUMN "texts" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "import_staged_batches" ALTER COLUMN "metadata" SET STORAGE EXTERNAL;

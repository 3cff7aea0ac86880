-- The embedded database's imports wait in a spool file beside the database instead of a staging
-- table (import-spool.ts); PostgreSQL's write into the project in one transaction. A publish cut
-- off by this upgrade had its rows in the dropped table: it is recorded as failed, with the items it
-- had already written kept and counted, as any publish that stops.
UPDATE "imports" SET "status" = 'failed', "finished_at" = now(),
  "error" = 'The import stopped while writing its checked rows: the new items counted here were written, the rest were not'
  WHERE "status" = 'publishing';--> statement-breakpoint
DROP TABLE "import_staged_batches" CASCADE;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "published_chunks" integer DEFAULT 0 NOT NULL;

CREATE TABLE "import_staged_batches" (
	"import_id" bigint NOT NULL,
	"batch" integer NOT NULL,
	"rows_json" text NOT NULL,
	CONSTRAINT "import_staged_batches_import_id_batch_pk" PRIMARY KEY("import_id","batch")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "import_staged_batches" ADD CONSTRAINT "import_staged_batches_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_unfinished_idx" ON "imports" USING btree ("heartbeat_at") WHERE "imports"."status" in ('running', 'publishing');
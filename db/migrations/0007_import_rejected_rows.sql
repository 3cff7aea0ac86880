CREATE TABLE "import_rejected_rows" (
	"import_id" bigint NOT NULL,
	"row_number" integer NOT NULL,
	"problem" text NOT NULL,
	"record_json" text,
	CONSTRAINT "import_rejected_rows_import_id_row_number_pk" PRIMARY KEY("import_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "import_rejected_rows" ADD CONSTRAINT "import_rejected_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;
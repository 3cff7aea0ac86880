-- A staged batch (some 400 KB of JSON per thousand rows) is written once and read once, minutes later
-- at most: compressing it cost PostgreSQL ~12 ms a batch (pglz, the only method PGlite has), a third
-- of an import's staging time, to save disk space that the staging table gives back after the import.
ALTER TABLE "import_staged_batches" ALTER COLUMN "rows_json" SET STORAGE EXTERNAL;

-- The row-level update check of 0018 built arrays and called the set-based checker for each row: 0.17 ms
-- of PostgreSQL time per stored label at 1M items (issue 17), where the foreign keys it replaced ran one
-- index probe per changed reference. This does the same as those: one probe, FOR KEY SHARE, per
-- reference that changed. Same rules and messages (db/item-references.test.ts).
CREATE OR REPLACE FUNCTION items_check_updated_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_label integer;
BEGIN
  IF NEW.project_id IS DISTINCT FROM OLD.project_id THEN
    PERFORM 1 FROM projects p WHERE p.id = NEW.project_id FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'insert or update on table "items" violates foreign key constraint "items_project_id_projects_id_fk"'
        USING ERRCODE = 'foreign_key_violation', TABLE = 'items', CONSTRAINT = 'items_project_id_projects_id_fk',
          DETAIL = format('Key (project_id)=(%s) is not present in table "projects".', NEW.project_id);
    END IF;
  END IF;
  FOREACH changed_label IN ARRAY array_remove(ARRAY[
      CASE WHEN NEW.final_label_id IS DISTINCT FROM OLD.final_label_id THEN NEW.final_label_id END,
      CASE WHEN NEW.gold_label_id IS DISTINCT FROM OLD.gold_label_id THEN NEW.gold_label_id END], NULL) LOOP
    PERFORM 1 FROM project_labels l WHERE l.id = changed_label FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'insert or update on table "items" violates foreign key constraint "items_label_id_project_labels_id_fk"'
        USING ERRCODE = 'foreign_key_violation', TABLE = 'items', CONSTRAINT = 'items_label_id_project_labels_id_fk',
          DETAIL = format('Key (label_id)=(%s) is not present in table "project_labels".', changed_label);
    END IF;
  END LOOP;
  RETURN NULL;
END;
$$;

-- items.project_id, gold_label_id and final_label_id keep the rules of the foreign keys 0017 dropped,
-- enforced by triggers: a foreign key runs one query per inserted row, 42% of a bulk import's time on
-- PostgreSQL (issue 17), where the insert check below runs one query per statement. The rules: a
-- missing project or label is refused (SQLSTATE 23503); referenced rows are locked FOR KEY SHARE, so a
-- concurrent delete waits for the writer or the writer's check fails; deleting a project deletes its
-- items; a label an item still uses cannot be deleted. db/item-references.test.ts holds them to it.
CREATE FUNCTION items_check_references(project_ids integer[], label_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  found_ids integer[];
  missing integer;
BEGIN
  IF cardinality(project_ids) > 0 THEN
    found_ids := ARRAY(SELECT p.id FROM projects p WHERE p.id = ANY (project_ids) FOR KEY SHARE);
    SELECT wanted INTO missing FROM unnest(project_ids) AS wanted WHERE wanted <> ALL (found_ids) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'insert or update on table "items" violates foreign key constraint "items_project_id_projects_id_fk"'
        USING ERRCODE = 'foreign_key_violation', TABLE = 'items', CONSTRAINT = 'items_project_id_projects_id_fk',
          DETAIL = format('Key (project_id)=(%s) is not present in table "projects".', missing);
    END IF;
  END IF;
  IF cardinality(label_ids) > 0 THEN
    found_ids := ARRAY(SELECT l.id FROM project_labels l WHERE l.id = ANY (label_ids) FOR KEY SHARE);
    SELECT wanted INTO missing FROM unnest(label_ids) AS wanted WHERE wanted <> ALL (found_ids) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'insert or update on table "items" violates foreign key constraint "items_label_id_project_labels_id_fk"'
        USING ERRCODE = 'foreign_key_violation', TABLE = 'items', CONSTRAINT = 'items_label_id_project_labels_id_fk',
          DETAIL = format('Key (label_id)=(%s) is not present in table "project_labels".', missing);
    END IF;
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION items_check_inserted_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM items_check_references(
    ARRAY(SELECT DISTINCT project_id FROM inserted_items),
    ARRAY(SELECT gold_label_id FROM inserted_items WHERE gold_label_id IS NOT NULL
          UNION SELECT final_label_id FROM inserted_items WHERE final_label_id IS NOT NULL));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER items_inserted_references AFTER INSERT ON items REFERENCING NEW TABLE AS inserted_items
  FOR EACH STATEMENT EXECUTE FUNCTION items_check_inserted_references();
--> statement-breakpoint
-- Updates are checked row by row, as the foreign keys did, and only for a reference that changed:
-- the statement-level form would cost every update of items (labels, status) a query.
CREATE FUNCTION items_check_updated_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM items_check_references(
    CASE WHEN NEW.project_id IS DISTINCT FROM OLD.project_id THEN ARRAY[NEW.project_id] ELSE '{}' END,
    array_remove(ARRAY[
      CASE WHEN NEW.gold_label_id IS DISTINCT FROM OLD.gold_label_id THEN NEW.gold_label_id END,
      CASE WHEN NEW.final_label_id IS DISTINCT FROM OLD.final_label_id THEN NEW.final_label_id END], NULL));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER items_updated_references AFTER UPDATE OF project_id, gold_label_id, final_label_id ON items
  FOR EACH ROW WHEN (NEW.project_id IS DISTINCT FROM OLD.project_id OR NEW.gold_label_id IS DISTINCT FROM OLD.gold_label_id
    OR NEW.final_label_id IS DISTINCT FROM OLD.final_label_id)
  EXECUTE FUNCTION items_check_updated_references();
--> statement-breakpoint
-- Before the project row goes: its labels go with it (their own foreign key), and their check below
-- must find the project's items already gone.
CREATE FUNCTION projects_delete_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM items WHERE project_id = OLD.id;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER projects_delete_items BEFORE DELETE ON projects FOR EACH ROW EXECUTE FUNCTION projects_delete_items();
--> statement-breakpoint
CREATE FUNCTION projects_check_item_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM items WHERE project_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "projects" violates foreign key constraint "items_project_id_projects_id_fk" on table "items"'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'projects', CONSTRAINT = 'items_project_id_projects_id_fk',
        DETAIL = format('Key (id)=(%s) is still referenced from table "items".', OLD.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER projects_item_references AFTER UPDATE OF id ON projects
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION projects_check_item_references();
--> statement-breakpoint
CREATE FUNCTION project_labels_check_item_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM items WHERE gold_label_id = OLD.id OR final_label_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "project_labels" violates foreign key constraint "items_label_id_project_labels_id_fk" on table "items"'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'project_labels', CONSTRAINT = 'items_label_id_project_labels_id_fk',
        DETAIL = format('Key (id)=(%s) is still referenced from table "items".', OLD.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER project_labels_item_references AFTER DELETE ON project_labels
  FOR EACH ROW EXECUTE FUNCTION project_labels_check_item_references();
--> statement-breakpoint
CREATE TRIGGER project_labels_item_key_references AFTER UPDATE OF id ON project_labels
  FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION project_labels_check_item_references();
--> statement-breakpoint
-- A foreign key refuses TRUNCATE of the referenced table alone; so do these, while items has rows.
CREATE FUNCTION items_refuse_referenced_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM items) THEN
    RAISE EXCEPTION 'cannot truncate table "%": items reference it', TG_TABLE_NAME USING ERRCODE = 'feature_not_supported';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER projects_refuse_truncate BEFORE TRUNCATE ON projects FOR EACH STATEMENT EXECUTE FUNCTION items_refuse_referenced_truncate();
--> statement-breakpoint
CREATE TRIGGER project_labels_refuse_truncate BEFORE TRUNCATE ON project_labels FOR EACH STATEMENT EXECUTE FUNCTION items_refuse_referenced_truncate();

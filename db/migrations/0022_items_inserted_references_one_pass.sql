-- The insert check of 0018 read the statement's new rows three times (their projects, then gold and final
-- labels in a union), and a bulk insert's rows spill to disk past work_mem: at a million imported items,
-- 3 to 5 s of the 19 to 20 s PostgreSQL spent on one COPY (issue 17). One pass collects both sets; same rules and messages
-- (db/item-references.test.ts).
CREATE OR REPLACE FUNCTION items_check_inserted_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  project_ids integer[];
  label_ids integer[];
BEGIN
  SELECT array_agg(DISTINCT i.project_id), array_agg(DISTINCT l.label_id) FILTER (WHERE l.label_id IS NOT NULL)
    INTO project_ids, label_ids
    FROM inserted_items i, LATERAL (VALUES (i.gold_label_id), (i.final_label_id)) AS l(label_id);
  PERFORM items_check_references(coalesce(project_ids, '{}'), coalesce(label_ids, '{}'));
  RETURN NULL;
END;
$$;

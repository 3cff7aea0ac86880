import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ITEM_COLUMN_NAMES } from './item-columns';

/**
 * Publishes a batch staged as items columns (`stageItemColumns`) in one statement within the database:
 * the batch leaves the staging area as its items are inserted (deduplicated by external id, else by
 * text, as the batch writer does), so the texts never travel back to the app. Call it in the
 * transaction that took the batch (`takeStagedBatch`). Returns how many rows the batch held and how
 * many items it created.
 */
export async function publishStagedItems(db: Database, projectId: number, importId: number, batch: number): Promise<{ staged: number; created: number }> {
  const result = await db.execute<{ staged: number; created: number }>(sql`
    with taken as (
      delete from import_staged_batches where import_id = ${importId} and batch = ${batch}
      returning external_ids, content_hashes, texts, media_hashes, metadata, gold_label_ids, gold_values, priorities, eval_flags, gold_check_flags),
    inserted as (
      insert into items (project_id, ${ITEM_COLUMN_NAMES})
      select ${projectId}, u.* from taken,
        unnest(taken.external_ids, taken.content_hashes, taken.texts, taken.media_hashes, taken.metadata, taken.gold_label_ids,
          taken.gold_values, taken.priorities, taken.eval_flags, taken.gold_check_flags) as u
      on conflict do nothing
      returning 1)
    select coalesce((select cardinality(texts) from taken), 0)::int as staged, (select count(*) from inserted)::int as created`);
  const counts = result.rows[0];
  return { staged: Number(counts?.staged ?? 0), created: Number(counts?.created ?? 0) };
}

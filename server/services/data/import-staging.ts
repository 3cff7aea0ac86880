import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { importStagedBatches } from '@/db/schema';
import type { TImportRow } from '@/server/import';
import { getPgErrorCode } from '@/server/errors';
import { itemColumnArrays, type TItemColumns } from './item-columns';

const PG_LOCK_NOT_AVAILABLE = '55P03';

/**
 * The staging area of running imports: checked rows wait here, batch by batch, until the whole
 * file has passed. Each batch is its own short statement, so other requests run between batches
 * (the embedded database has one connection) and nothing is visible in the project before publishing.
 * A batch of rows with annotations, predictions or a final label is staged as JSON rows, which
 * publishing writes through the app; any other batch as its items columns (`stageItemColumns`).
 */
export async function stageImportBatch(db: Database, importId: number, batch: number, rows: TImportRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(importStagedBatches).values({ importId, batch, rowsJson: JSON.stringify(rows) });
}

/** Stages a batch as the items columns it becomes: publishing inserts them within the database (publish-staged-items.ts). */
export async function stageItemColumns(db: Database, importId: number, batch: number, columns: TItemColumns): Promise<void> {
  if (columns.texts.length === 0) return;
  await db.execute(sql`
    insert into import_staged_batches (import_id, batch, external_ids, content_hashes, texts, media_hashes, metadata, gold_label_ids, gold_values, priorities, eval_flags, gold_check_flags)
    values (${importId}, ${batch}, ${itemColumnArrays(columns)})`);
}

/** The next staged batch: its rows, taken out of the staging area; or, staged as items columns, only its number (still staged, and locked). */
export type TStagedBatch = { batch: number; rows: TImportRow[] | null };

/**
 * Takes the import's next staged batch, in the caller's transaction: the batch is gone exactly when
 * its rows are committed to the project, so a resumed publish never writes (or counts) a batch twice.
 * A batch of items columns stays for `publishStagedItems` to take in the same transaction. Null when
 * none is left.
 */
export async function takeStagedBatch(db: Database, importId: number): Promise<TStagedBatch | null> {
  const result = await db.execute<{ batch: number; is_columns: boolean; rows_json: string | null }>(sql`
    with next as (
      select import_id, batch, rows_json is null as is_columns from import_staged_batches where import_id = ${importId}
      order by batch limit 1 for update skip locked),
    taken as (
      delete from import_staged_batches s using next
      where s.import_id = next.import_id and s.batch = next.batch and not next.is_columns
      returning s.rows_json)
    select next.batch, next.is_columns, (select rows_json from taken) as rows_json from next`);
  const staged = result.rows[0];
  if (!staged) return null;
  if (staged.is_columns) return { batch: Number(staged.batch), rows: null };
  if (staged.rows_json === null) throw new Error(`staged batch ${staged.batch} of import ${importId} has neither rows nor columns`);
  return { batch: Number(staged.batch), rows: parseStagedRows(staged.rows_json) };
}

export async function discardStagedBatches(db: Database, importId: number): Promise<void> {
  await db.delete(importStagedBatches).where(eq(importStagedBatches.importId, importId));
}

/**
 * Gives the staging table's space back once no import uses it. Deleted rows keep their space until a
 * vacuum, which the embedded database never runs by itself: every import would grow its data
 * directory by the size of its file. A truncate is instant but needs the table to itself, so it is
 * only tried without waiting (a busy table is left to the next import) and only when no row is left.
 */
export async function reclaimStagingSpace(db: Database): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`lock table import_staged_batches in access exclusive mode nowait`);
      const left = await tx.execute(sql`select 1 from import_staged_batches limit 1`);
      if (left.rows.length === 0) await tx.execute(sql`truncate import_staged_batches`);
    });
  } catch (error) {
    if (getPgErrorCode(error) !== PG_LOCK_NOT_AVAILABLE) throw error;
  }
}

function parseStagedRows(json: string): TImportRow[] {
  const rows = JSON.parse(json) as TImportRow[];
  for (const row of rows) {
    for (const annotation of row.annotations) {
      if (annotation.createdAt !== null) annotation.createdAt = new Date(annotation.createdAt as unknown as string);
    }
  }
  return rows;
}

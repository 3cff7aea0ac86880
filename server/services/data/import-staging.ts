import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { importStagedBatches } from '@/db/schema';
import type { TImportRow } from '@/server/import';
import { getPgErrorCode } from '@/server/errors';

const PG_LOCK_NOT_AVAILABLE = '55P03';

/**
 * The staging area of running imports: checked rows wait here, batch by batch, until the whole
 * file has passed. Each batch is its own short statement, so other requests run between batches
 * (the embedded database has one connection) and nothing is visible in the project before publishing.
 */
export async function stageImportBatch(db: Database, importId: number, batch: number, rows: TImportRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(importStagedBatches).values({ importId, batch, rowsJson: JSON.stringify(rows) });
}

/**
 * Takes the import's next staged batch out of the staging area, in the caller's transaction: the
 * batch is gone exactly when its rows are committed to the project, so a resumed publish never
 * writes (or counts) a batch twice. Null when none is left.
 */
export async function takeStagedBatch(db: Database, importId: number): Promise<TImportRow[] | null> {
  const result = await db.execute<{ rows_json: string }>(sql`
    delete from import_staged_batches
    where (import_id, batch) = (
      select import_id, batch from import_staged_batches where import_id = ${importId}
      order by batch limit 1 for update skip locked)
    returning rows_json`);
  const staged = result.rows[0];
  return staged ? parseStagedRows(staged.rows_json) : null;
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

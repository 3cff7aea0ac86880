import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { importRejectedRows } from '@/db/schema';
import { holdImportLease, IMPORT_STALE_MS } from './import-lease';
import { discardStagedBatches, reclaimStagingSpace } from './import-staging';
import { publishImport } from './publish-import';

export const INTERRUPTED_IMPORT_MESSAGE = 'The server stopped while this file was being read; nothing was imported. Import the file again.';

/**
 * At start-up: imports whose process died (no heartbeat for `staleAfterMs`) are settled. One still
 * reading its file wrote nothing to the project: it is marked interrupted, counts 0, and its staged
 * and refused rows are dropped. One that had passed every check and was publishing is finished here.
 * Servers sharing PostgreSQL only take imports whose owner stopped beating; the embedded database has
 * one process, so there any unfinished import is an orphan (`staleAfterMs: 0`).
 */
export async function recoverInterruptedImports(db: Database, { staleAfterMs = IMPORT_STALE_MS } = {}): Promise<{ interrupted: number[]; published: number[]; failed: number[] }> {
  const stale = sql`heartbeat_at <= now() - make_interval(secs => ${staleAfterMs / 1000})`;
  const marked = await db.execute<{ id: number }>(sql`
    update imports set status = 'interrupted', items_created = 0, duplicates_skipped = 0, annotations_created = 0,
      predictions_created = 0, error = ${INTERRUPTED_IMPORT_MESSAGE}, finished_at = now()
    where status = 'running' and ${stale}
    returning id`);
  const interrupted = marked.rows.map((row) => Number(row.id));
  for (const id of interrupted) {
    await discardStagedBatches(db, id);
    // Rows refused in a file read half-way are no list to fix and import again.
    await db.delete(importRejectedRows).where(eq(importRejectedRows.importId, id));
  }

  const published: number[] = [];
  const failed: number[] = [];
  for (;;) {
    // Claimed one at a time by refreshing the heartbeat: another server starting now skips it.
    const claimed = await db.execute<{ id: number }>(sql`
      update imports set heartbeat_at = now()
      where id = (select id from imports where status = 'publishing' and ${stale} order by id limit 1 for update skip locked)
      returning id`);
    const id = claimed.rows[0] ? Number(claimed.rows[0].id) : null;
    if (id === null) break;
    const lease = holdImportLease(db, id);
    try {
      await publishImport(db, null, id);
      published.push(id);
    } catch {
      // publishImport recorded the failure on the run; the other imports still get their turn.
      failed.push(id);
    } finally {
      lease.release();
    }
  }
  await reclaimStagingSpace(db);
  return { interrupted, published, failed };
}

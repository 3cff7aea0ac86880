import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { importRejectedRows } from '@/db/schema';
import { holdImportLease, IMPORT_STALE_MS } from './import-lease';
import { removeOrphanedSpools } from './import-spool';
import { publishImport } from './publish-import';

export const INTERRUPTED_IMPORT_MESSAGE = 'The server stopped while this file was being read; nothing was imported. Import the file again.';

/**
 * Settles imports whose process died. One still reading its file wrote nothing to the project: it is
 * marked interrupted, counts 0, and its spooled and refused rows are dropped. One that had passed
 * every check and was publishing is finished here. Servers sharing PostgreSQL only take imports that
 * missed their heartbeats for `staleAfterMs`; the embedded database has a single process, so at its
 * start every import with no heartbeat since (`orphanedBefore`) is an orphan.
 */
export async function recoverInterruptedImports(
  db: Database,
  { staleAfterMs = IMPORT_STALE_MS, orphanedBefore }: { staleAfterMs?: number; orphanedBefore?: Date } = {},
): Promise<{ interrupted: number[]; published: number[]; failed: number[] }> {
  const stale = orphanedBefore ? sql`heartbeat_at < ${orphanedBefore.toISOString()}::timestamptz` : sql`heartbeat_at <= now() - make_interval(secs => ${staleAfterMs / 1000})`;
  const marked = await db.execute<{ id: number }>(sql`
    update imports set status = 'interrupted', items_created = 0, duplicates_skipped = 0, annotations_created = 0,
      predictions_created = 0, error = ${INTERRUPTED_IMPORT_MESSAGE}, finished_at = now()
    where status = 'running' and ${stale}
    returning id`);
  const interrupted = marked.rows.map((row) => Number(row.id));
  for (const id of interrupted) {
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
  // Interrupted imports' spools go with the orphans': only running and publishing imports keep theirs.
  await removeOrphanedSpools(db);
  return { interrupted, published, failed };
}

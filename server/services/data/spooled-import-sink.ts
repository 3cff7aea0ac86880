import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { imports } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { TProjectDetail } from '@/server/services/projects/projects';
import type { TImportAnswers } from './import-answers';
import { ImportLeaseLostError } from './import-lease';
import { RUN_PROBLEMS, withoutRecord } from './import-problems';
import type { TImportReading, TImportSink } from './import-sink';
import { createSpoolWriter, importSpoolPath, removeSpool } from './import-spool';
import { createItemsCopyEncoder } from './items-copy-text';
import { hasRowExtras, toItemColumns } from './item-columns';
import { publishImport } from './publish-import';
import { storeRejectedRows } from './rejected-rows';

/**
 * Rows per spooled chunk, and so per publishing transaction: each holds the embedded database's
 * only connection while PGlite COPYs it, some 80 ms for 2,500 rows. Chunks of 5,000 published a
 * million rows no faster and doubled other users' waits during an import (p50 83 ms against 42).
 */
const SPOOL_COPY_ROWS = 2_500;

/**
 * The embedded database's import: checked rows wait in a spool file (`import-spool.ts`) while the
 * file is read, and are published chunk by chunk once it passed (`publishImport`, which start-up
 * recovery finishes if the process dies meanwhile). Its one connection must keep serving everyone,
 * so the import cannot hold one long transaction as PostgreSQL's does.
 */
export async function createSpooledImportSink(db: Database, actor: TActor | null, project: TProjectDetail, importId: number, answers: TImportAnswers): Promise<TImportSink> {
  const file = importSpoolPath(db, importId);
  const spool = await createSpoolWriter(file);
  const encoder = createItemsCopyEncoder();
  let pendingRows = 0;
  let isPublishing = false;
  const flushCopy = async () => {
    if (pendingRows === 0) return;
    await spool.appendCopy(pendingRows, [encoder.bytes()]);
    encoder.clear();
    pendingRows = 0;
  };
  return {
    async write(rows, rejected) {
      await storeRejectedRows(db, importId, rejected);
      if (rows.length === 0) return;
      if (rows.some(hasRowExtras)) {
        await flushCopy();
        await spool.appendRows(rows);
        return;
      }
      encoder.append(project.id, toItemColumns(rows, answers, project.settings));
      pendingRows += rows.length;
      if (pendingRows >= SPOOL_COPY_ROWS) await flushCopy();
    },
    async publish(reading, onBatch) {
      await flushCopy();
      await spool.close();
      await markPublishing(db, importId, reading);
      isPublishing = true;
      return publishImport(db, actor, importId, onBatch);
    },
    isDecided: () => isPublishing,
    async discard() {
      await spool.close();
      await removeSpool(file);
    },
  };
}

/** The commit point: every row passed, and what the report says about the file is stored with it. */
async function markPublishing(db: Database, id: number, { format, counters, problems }: TImportReading) {
  const marked = await db
    .update(imports)
    .set({ status: 'publishing', ...(format ? { format } : {}), rowsRead: counters.rowsRead, rowsRejected: counters.rowsRejected, problems: problems.slice(0, RUN_PROBLEMS).map(withoutRecord), heartbeatAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'running')))
    .returning({ id: imports.id });
  if (marked.length === 0) throw new ImportLeaseLostError();
}

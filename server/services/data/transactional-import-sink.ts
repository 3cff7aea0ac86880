import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { imports } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { countProblemRows, groupProblemsByRow } from '@/server/import';
import { createImportCounters } from '@/server/import/import-report';
import type { TProjectDetail } from '@/server/services/projects/projects';
import { pgCopyConnection } from './copy-connection';
import { createItemsCopier } from './copy-items';
import type { TImportAnswers } from './import-answers';
import { createBatchWriter } from './import-batch-writer';
import { ImportLeaseLostError } from './import-lease';
import { RUN_PROBLEMS, withoutRecord } from './import-problems';
import type { TImportSink } from './import-sink';
import { encodeItemsCopy } from './items-copy-text';
import { hasRowExtras, toItemColumns } from './item-columns';
import { openTransaction } from './open-transaction';
import { afterImportPublished, publishedCountsOf, recordImportEvent } from './publish-import';
import { storeRejectedRows } from './rejected-rows';

/** Rows per COPY: each one costs a few round trips, and the chunk is redone row by row if it meets a duplicate. */
const COPY_ROWS = 10_000;
/** Chunks encoded and waiting for their COPY: ~5 MB each. */
const COPY_QUEUE = 2;

/**
 * PostgreSQL's import: the rows go straight into the project inside one transaction that spans the
 * file, on a connection of its own, so they are written once (no spool) while the rest of the
 * file is parsed, and all-or-nothing is a rollback. Other requests keep their own connections; until
 * the commit nobody sees the new items, and a process that dies mid-file leaves nothing behind.
 * Plain rows are COPYed (`createItemsCopier`); rows with annotations, predictions or a final label go
 * through the batch writer, in file order.
 */
export async function createTransactionalImportSink(db: Database, actor: TActor | null, project: TProjectDetail, importId: number, answers: TImportAnswers): Promise<TImportSink> {
  const transaction = await openTransaction(db);
  const { tx } = transaction;
  const copier = createItemsCopier(pgCopyConnection(tx));
  const writer = createBatchWriter(project.id, answers, project.settings, new Map());
  const counters = createImportCounters();
  let refusedRows = 0;
  let pending: { chunks: Buffer[]; rows: number } = { chunks: [], rows: 0 };
  let isCommitted = false;
  let isEnded = false;

  // COPYs run one after another while the parser reads ahead; a write waits only when COPY_QUEUE
  // chunks are already waiting, so neither side idles on the other's pace from chunk to chunk.
  let copying: Promise<void> = Promise.resolve();
  const queued: Promise<void>[] = [];
  const startCopy = async () => {
    const { chunks, rows } = pending;
    pending = { chunks: [], rows: 0 };
    copying = copying.then(async () => {
      const created = await copier.write(chunks, rows);
      counters.itemsCreated += created;
      counters.duplicatesSkipped += rows - created;
    });
    // Awaited by a later write or the publish; until then a failure must not go unhandled.
    copying.catch(() => undefined);
    queued.push(copying);
    if (queued.length > COPY_QUEUE) await queued.shift();
  };
  const flush = async () => {
    await startCopy();
    await copying;
    queued.length = 0;
  };

  return {
    async write(rows, rejected) {
      await storeRejectedRows(tx, importId, rejected);
      if (rows.some(hasRowExtras)) {
        await flush();
        // The check passed these rows; someone labeling the same item since can still contradict one:
        // refused now and kept with the import's rejected rows, as publishing a spooled chunk does.
        const refused = await writer.write(tx, rows, counters);
        if (refused.length > 0) await storeRejectedRows(tx, importId, groupProblemsByRow(refused));
        refusedRows += countProblemRows(refused);
        return;
      }
      pending.chunks.push(encodeItemsCopy(project.id, toItemColumns(rows, answers, project.settings)));
      pending.rows += rows.length;
      if (pending.rows >= COPY_ROWS) await startCopy();
    },
    async publish({ format, counters: read, problems }, onBatch) {
      await flush();
      onBatch(publishedCountsOf(counters));
      const [finished] = await tx
        .update(imports)
        .set({
          status: 'succeeded',
          ...(format ? { format } : {}),
          rowsRead: read.rowsRead,
          rowsRejected: read.rowsRejected + refusedRows,
          problems: problems.slice(0, RUN_PROBLEMS).map(withoutRecord),
          itemsCreated: counters.itemsCreated,
          duplicatesSkipped: counters.duplicatesSkipped,
          annotationsCreated: counters.annotationsCreated,
          predictionsCreated: counters.predictionsCreated,
          finishedAt: new Date(),
        })
        .where(and(eq(imports.id, importId), eq(imports.status, 'running')))
        .returning();
      // Another server took the import for dead (missed heartbeats) and marked it interrupted.
      if (!finished) throw new ImportLeaseLostError();
      await recordImportEvent(tx, actor, finished, counters.annotationDuplicatesSkipped);
      isEnded = true;
      await transaction.commit();
      isCommitted = true;
      const counts = publishedCountsOf(counters);
      await afterImportPublished(db, actor, project.id, counts);
      return counts;
    },
    isDecided: () => isCommitted,
    async discard() {
      if (isEnded) return;
      isEnded = true;
      await copying.catch(() => undefined);
      await transaction.rollback();
    },
  };
}

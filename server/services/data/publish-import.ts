import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { imports } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { countProblemRows, groupProblemsByRow, type TImportProblem } from '@/server/import';
import { createImportCounters, type TImportCounters } from '@/server/import/import-report';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { getProject } from '@/server/services/projects/projects';
import { onItemsImported } from '@/server/services/learning/learning-hooks';
import { settleCompletedItems } from '@/server/services/queue/settle-completed-items';
import { pgliteCopyConnection } from './copy-connection';
import { createItemsCopier } from './copy-items';
import { createBatchWriter } from './import-batch-writer';
import { ImportLeaseLostError } from './import-lease';
import { importSpoolPath, readSpool, removeSpool, type TSpoolChunk } from './import-spool';
import { storeRejectedRows } from './rejected-rows';
import { yieldToEventLoop } from './yield-to-event-loop';
import { createProjectImportAnswers } from './import-answers';

const ANALYZE_AFTER_ROWS = 10_000;

const PUBLISHED_COUNTS = ['itemsCreated', 'duplicatesSkipped', 'annotationsCreated', 'annotationDuplicatesSkipped', 'predictionsCreated'] as const;
export type TPublishedCounts = Pick<TImportCounters, (typeof PUBLISHED_COUNTS)[number]>;

/** What an import wrote, out of its counters. */
export function publishedCountsOf(counters: TImportCounters): TPublishedCounts {
  return Object.fromEntries(PUBLISHED_COUNTS.map((key) => [key, counters[key]])) as TPublishedCounts;
}

/**
 * Publishes an embedded-database import whose every row passed (status 'publishing'): its spooled
 * chunks move into the project one short transaction each, so other requests keep running in
 * between, then the run is marked succeeded. Past the check an import is decided: an interrupted
 * publish is finished by start-up recovery, never undone, and no chunk is written (or counted) twice,
 * because the run records how many chunks it published in the transaction that writes each one.
 * Returns what was written, as committed.
 */
export async function publishImport(
  db: Database,
  actor: TActor | null,
  importId: number,
  onBatch?: (counts: TPublishedCounts) => void,
): Promise<TPublishedCounts> {
  const [run] = await db.select({ projectId: imports.projectId, publishedChunks: imports.publishedChunks }).from(imports).where(eq(imports.id, importId));
  if (!run) throw new Error(`import ${importId} not found`);
  const project = await getProject(db, run.projectId);
  const writer = createBatchWriter(project.id, createProjectImportAnswers(project), project.settings, new Map());
  const spool = importSpoolPath(db, importId);
  const total = createImportCounters();
  /** Publishes one chunk in a transaction of its own, recorded as the run's `index`th. */
  const publishChunk = async (chunk: TSpoolChunk, index: number) => {
    const counters = createImportCounters();
    await db.transaction(async (tx) => {
      let refused: TImportProblem[] = [];
      if (chunk.kind === 'rows') {
        // The check passed these rows; someone labeling the same item since can still contradict one.
        // It is refused now, and recorded with the import's rejected rows rather than dropped.
        refused = await writer.write(tx, chunk.rows, counters);
        if (refused.length > 0) await storeRejectedRows(tx, importId, groupProblemsByRow(refused));
      } else {
        const created = await createItemsCopier(pgliteCopyConnection(tx)).write([chunk.bytes], chunk.rows);
        counters.itemsCreated += created;
        counters.duplicatesSkipped += chunk.rows - created;
      }
      const recorded = await tx
        .update(imports)
        .set({
          publishedChunks: index + 1,
          itemsCreated: sql`${imports.itemsCreated} + ${counters.itemsCreated}`,
          duplicatesSkipped: sql`${imports.duplicatesSkipped} + ${counters.duplicatesSkipped}`,
          annotationsCreated: sql`${imports.annotationsCreated} + ${counters.annotationsCreated}`,
          predictionsCreated: sql`${imports.predictionsCreated} + ${counters.predictionsCreated}`,
          rowsRejected: sql`${imports.rowsRejected} + ${countProblemRows(refused)}`,
          heartbeatAt: sql`now()`,
        })
        .where(and(eq(imports.id, importId), eq(imports.status, 'publishing'), eq(imports.publishedChunks, index)))
        .returning({ id: imports.id });
      // Another publisher wrote this chunk (or the run is no longer publishing): this one's write is undone.
      if (recorded.length === 0) throw new ImportLeaseLostError();
    });
    for (const key of PUBLISHED_COUNTS) total[key] += counters[key];
    onBatch?.(publishedCountsOf(total));
  };
  try {
    let index = run.publishedChunks;
    for await (const chunk of readSpool(spool, run.publishedChunks)) {
      await publishChunk(chunk, index++);
      await yieldToEventLoop();
    }
  } catch (error) {
    if (error instanceof ImportLeaseLostError) throw error;
    // The chunks already written stay (others may be labeling them): say so, and drop the rest.
    await db
      .update(imports)
      .set({ status: 'failed', error: 'The import stopped while writing its checked rows: the new items counted here were written, the rest were not', finishedAt: new Date() })
      .where(and(eq(imports.id, importId), eq(imports.status, 'publishing')));
    await removeSpool(spool);
    throw error;
  }

  const committed = await db.transaction(async (tx) => {
    const [finished] = await tx
      .update(imports)
      .set({ status: 'succeeded', finishedAt: new Date() })
      .where(and(eq(imports.id, importId), eq(imports.status, 'publishing')))
      .returning();
    // Another process finished it first (a resumed publish met a live one): it recorded the event.
    if (!finished) return null;
    await recordImportEvent(tx, actor, finished, total.annotationDuplicatesSkipped);
    // Not a column of the run: what this process skipped (a publish resumed at start-up counts its own part).
    const { itemsCreated, duplicatesSkipped, annotationsCreated, predictionsCreated } = finished;
    return { itemsCreated, duplicatesSkipped, annotationsCreated, annotationDuplicatesSkipped: total.annotationDuplicatesSkipped, predictionsCreated };
  });
  await removeSpool(spool);
  const counts = committed ?? publishedCountsOf(total);
  await afterImportPublished(db, actor, run.projectId, counts);
  return counts;
}

/** The audit event of a finished import, in the transaction that marks it succeeded. */
export async function recordImportEvent(db: Database, actor: TActor | null, finished: typeof imports.$inferSelect, annotationDuplicatesSkipped: number): Promise<void> {
  const { rowsRead, itemsCreated, duplicatesSkipped, annotationsCreated, predictionsCreated, rowsRejected } = finished;
  await recordAuditEvent(db, {
    actor,
    projectId: finished.projectId,
    action: 'data.import',
    subjectType: 'import',
    subjectId: finished.id,
    after: { fileName: finished.fileName, rowsRead, itemsCreated, duplicatesSkipped, annotationsCreated, annotationDuplicatesSkipped, predictionsCreated, rowsRejected },
  });
}

/** What follows a committed import: fresh statistics, decisions on items its annotations completed, the learning loop. */
export async function afterImportPublished(db: Database, actor: TActor | null, projectId: number, counts: TPublishedCounts): Promise<void> {
  if (counts.itemsCreated >= ANALYZE_AFTER_ROWS) await analyzeItems(db);
  // Imported annotations can complete items: decide them (single, consensus, or review on disagreement).
  if (counts.annotationsCreated > 0) await settleCompletedItems(db, actor, projectId);
  if (counts.itemsCreated > 0) await onItemsImported(db, projectId);
}

/**
 * Fresh statistics after a bulk load, or the planner keeps estimating an empty table and picks plans
 * (bitmap scans plus sorts) that make the queue and exports crawl. Only the columns the queue and
 * exports filter and sort on, from a small sample: a full `analyze items` reads the long texts and
 * held the embedded database for a second at 100k items, this about 50 ms.
 */
async function analyzeItems(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local default_statistics_target = 10`);
    await tx.execute(sql`analyze items (project_id, status, priority, is_eval, is_gold_check)`);
  });
}


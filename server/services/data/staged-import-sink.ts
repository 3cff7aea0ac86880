import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { imports } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { TProjectDetail } from '@/server/services/projects/projects';
import type { TImportAnswers } from './import-answers';
import { ImportLeaseLostError } from './import-lease';
import type { TImportReading, TImportSink } from './import-sink';
import { discardStagedBatches, reclaimStagingSpace, stageImportBatch, stageItemColumns } from './import-staging';
import { hasRowExtras, toItemColumns } from './item-columns';
import { publishImport } from './publish-import';
import { storeRejectedRows } from './rejected-rows';
import { RUN_PROBLEMS, withoutRecord } from './import-problems';

/**
 * The embedded database's import: rows wait in the staging area in short committed batches, so its
 * one connection serves other requests between them, and are published batch by batch once the file
 * passed (`publishImport`, which start-up recovery finishes if the process dies meanwhile).
 */
export function createStagedImportSink(db: Database, actor: TActor | null, project: TProjectDetail, importId: number, answers: TImportAnswers): TImportSink {
  let batchNumber = 0;
  let isPublishing = false;
  return {
    async write(rows, rejected) {
      const batch = batchNumber++;
      await storeRejectedRows(db, importId, rejected);
      if (rows.some(hasRowExtras)) await stageImportBatch(db, importId, batch, rows);
      else await stageItemColumns(db, importId, batch, toItemColumns(rows, answers, project.settings));
    },
    async publish(reading, onBatch) {
      try {
        await markPublishing(db, importId, reading);
        isPublishing = true;
        return await publishImport(db, actor, importId, onBatch);
      } finally {
        if (isPublishing) await reclaimSpace(db);
      }
    },
    isDecided: () => isPublishing,
    async discard() {
      await discardStagedBatches(db, importId);
      await reclaimSpace(db);
    },
  };
}

/** Not worth failing the import over: the next one tries again. */
async function reclaimSpace(db: Database): Promise<void> {
  await reclaimStagingSpace(db).catch(() => undefined);
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

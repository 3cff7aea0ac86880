import { desc, eq, sql, TransactionRollbackError } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { imports, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { groupProblemsByRow, readImport, type TByteSource, type TImportFormat, type TImportMapping, type TImportProblem, type TImportRow } from '@/server/import';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import type { TImportCounters, TImportProgress, TImportResult } from '@/server/import/import-report';
import { createBatchWriter } from './import-batch-writer';
import { storeRejectedRows } from './rejected-rows';
import { getProject } from '@/server/services/projects/projects';
import { settleCompletedItems } from '@/server/services/queue/settle-completed-items';

/** Problems kept in full for the report; beyond this only the count grows (the rows themselves are all stored with --skip-invalid). */
export const MAX_REPORTED_PROBLEMS = 1_000;
const ANALYZE_AFTER_ROWS = 10_000;

export type TImportOptions = {
  format?: TImportFormat;
  fileName?: string;
  mapping: TImportMapping;
  /** Import the valid rows and report the rest, instead of all-or-nothing. */
  skipInvalid?: boolean;
  onProgress?: (progress: TImportProgress) => void;
};


class ImportRejected extends Error {}

/**
 * Imports items (and their annotations, predictions and gold labels) from any supported file. By
 * default all-or-nothing: the whole file is validated in one transaction and a single bad row
 * rolls everything back, with every problem reported. Re-importing changes nothing: items dedupe by
 * external id, else by content hash; annotations by item and annotator; predictions by item and
 * model version.
 */
export async function importItems(db: Database, actor: TActor | null, projectId: number, source: TByteSource, options: TImportOptions): Promise<TImportResult> {
  const project = await getProject(db, projectId);
  const labelIds = new Map(project.labels.map((label) => [label.name, label.id]));
  const [run] = await db
    .insert(imports)
    .values({
      projectId,
      createdBy: actor?.userId ?? null,
      fileName: options.fileName ?? null,
      format: options.format ?? 'auto',
      options: { mapping: options.mapping, skipInvalid: options.skipInvalid ?? false },
    })
    .returning({ id: imports.id });
  if (!run) throw new Error('import run insert returned nothing');

  const stream = readImport(source, {
    format: options.format,
    fileName: options.fileName,
    mapping: options.mapping,
    labels: project.labels.map((label) => label.name),
    maxTextBytes: project.settings.maxTextBytes,
  });
  const counters: TImportCounters = {
    rowsRead: 0,
    itemsCreated: 0,
    duplicatesSkipped: 0,
    annotationsCreated: 0,
    annotationDuplicatesSkipped: 0,
    predictionsCreated: 0,
    rowsRejected: 0,
    problemCount: 0,
  };
  const problems: TImportProblem[] = [];
  const annotatorIds = new Map<string, string>();
  const writer = createBatchWriter(projectId, labelIds, project.settings, annotatorIds);
  let error: string | null = null;
  // Rows the reader accepted but the database checks or the writer refused.
  let rejectedAfterReading = 0;

  const addProblems = (found: TImportProblem[]) => {
    counters.problemCount += found.length;
    for (const problem of found) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
  };
  // With skip-invalid every refused row is stored in the import's transaction, however many there are.
  const storeRejects = async (tx: Database, found: TImportProblem[]) => {
    if (options.skipInvalid && found.length > 0) await storeRejectedRows(tx, run.id, groupProblemsByRow(found));
  };

  try {
    await db.transaction(async (tx) => {
      // One batch is written while the next is parsed: the database and the parser work in parallel.
      let pendingWrite: Promise<unknown> = Promise.resolve();
      for await (const batch of stream) {
        addProblems(batch.problems);
        const { rows, problems: rowProblems } = checkRowsForDatabase(batch.rows);
        addProblems(rowProblems);
        const totals = stream.getTotals();
        counters.rowsRead = totals.rowsRead;
        rejectedAfterReading += countRows(rowProblems);
        counters.rowsRejected = totals.rowsRejected + rejectedAfterReading;
        // All-or-nothing: after the first problem keep reading (to report every problem) but stop writing.
        await pendingWrite;
        if (counters.problemCount === 0 || options.skipInvalid) {
          pendingWrite = settle(
            storeRejects(tx, [...batch.problems, ...rowProblems])
              .then(() => writer.write(tx, rows, counters))
              .then(async (refused) => {
                addProblems(refused);
                rejectedAfterReading += countRows(refused);
                counters.rowsRejected = stream.getTotals().rowsRejected + rejectedAfterReading;
                await storeRejects(tx, refused);
              }),
          );
        }
        options.onProgress?.({ rowsRead: counters.rowsRead, itemsCreated: counters.itemsCreated, rowsRejected: counters.rowsRejected });
      }
      await pendingWrite;
      const totals = stream.getTotals();
      if (!totals.isComplete) throw new ImportRejected('The file could not be read to the end; nothing was imported');
      if (counters.problemCount > 0 && !options.skipInvalid) {
        throw new ImportRejected(`${counters.problemCount} problem${counters.problemCount === 1 ? '' : 's'} found; nothing was imported`);
      }
      if (counters.rowsRead === 0) throw new ImportRejected('The file has no rows');
      await recordAuditEvent(tx, {
        actor,
        projectId,
        action: 'data.import',
        subjectType: 'import',
        subjectId: run.id,
        after: { fileName: options.fileName ?? null, ...counters },
      });
    });
  } catch (caught) {
    if (caught instanceof ImportRejected) error = caught.message;
    else if (caught instanceof TransactionRollbackError) error = 'The import was rolled back';
    else {
      await finishRun(db, run.id, 'failed', stream.getTotals().format, counters, problems, caught instanceof Error ? caught.message : String(caught));
      throw caught;
    }
  }
  if (error) Object.assign(counters, { itemsCreated: 0, duplicatesSkipped: 0, annotationsCreated: 0, annotationDuplicatesSkipped: 0, predictionsCreated: 0 });
  const status = error ? 'failed' : 'succeeded';
  const format = stream.getTotals().format;
  await finishRun(db, run.id, status, format, counters, problems, error);
  // The transaction took any stored rows with it: keep the reported ones, to fix and import again.
  if (status === 'failed') await storeRejectedRows(db, run.id, groupProblemsByRow(problems));
  // Fresh statistics after a bulk load, or the planner keeps estimating an empty table and picks
  // plans (bitmap scans plus sorts) that make the queue and exports crawl.
  if (status === 'succeeded' && counters.itemsCreated >= ANALYZE_AFTER_ROWS) await db.execute(sql`analyze items`);
  // Imported annotations can complete items: decide them (single, consensus, or review on disagreement).
  if (status === 'succeeded' && counters.annotationsCreated > 0) await settleCompletedItems(db, actor, projectId);
  return { importId: run.id, status, format, ...counters, problems: problems.map(withoutRecord), error };
}

/** The project's import history, newest first. */
export async function listImports(db: Database, projectId: number, limit = 20) {
  return db
    .select({
      id: imports.id,
      fileName: imports.fileName,
      format: imports.format,
      status: imports.status,
      rowsRead: imports.rowsRead,
      itemsCreated: imports.itemsCreated,
      duplicatesSkipped: imports.duplicatesSkipped,
      annotationsCreated: imports.annotationsCreated,
      rowsRejected: imports.rowsRejected,
      error: imports.error,
      createdAt: imports.createdAt,
      createdBy: users.name,
    })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .where(eq(imports.projectId, projectId))
    .orderBy(desc(imports.id))
    .limit(limit);
}

/**
 * A write started now and awaited on the next batch: its failure is kept (not left unhandled while
 * the parser runs) and thrown when awaited.
 */
function settle(write: Promise<void>): Promise<void> {
  const outcome = write.then(
    () => null,
    (error: unknown) => ({ error }),
  );
  return outcome.then((failure) => {
    if (failure) throw failure.error;
  });
}

function countRows(problems: TImportProblem[]): number {
  return new Set(problems.map((problem) => problem.row)).size;
}

async function finishRun(
  db: Database,
  id: number,
  status: 'succeeded' | 'failed',
  format: TImportFormat | null,
  counters: TImportCounters,
  problems: TImportProblem[],
  error: string | null,
) {
  await db
    .update(imports)
    .set({
      status,
      // The format read, where the run was started with 'auto': the rejected rows come back in it.
      ...(format ? { format } : {}),
      rowsRead: counters.rowsRead,
      itemsCreated: counters.itemsCreated,
      duplicatesSkipped: counters.duplicatesSkipped,
      annotationsCreated: counters.annotationsCreated,
      predictionsCreated: counters.predictionsCreated,
      rowsRejected: counters.rowsRejected,
      problems: problems.slice(0, 100).map(withoutRecord),
      error,
      finishedAt: new Date(),
    })
    .where(eq(imports.id, id));
}

/** The report carries where and why; the rows themselves are downloaded apart (they can be large). */
function withoutRecord({ record: _record, ...problem }: TImportProblem): TImportProblem {
  return problem;
}

// PostgreSQL text and jsonb cannot hold NUL characters.
const NUL = '\u0000';

/** What the file reader cannot know about the database: NUL characters, one label per annotation. */
function checkRowsForDatabase(rows: TImportRow[]): { rows: TImportRow[]; problems: TImportProblem[] } {
  const accepted: TImportRow[] = [];
  const problems: TImportProblem[] = [];
  for (const row of rows) {
    const problem = findDatabaseProblem(row);
    if (problem) problems.push({ row: row.row, ...problem });
    else accepted.push(row);
  }
  return { rows: accepted, problems };
}

function findDatabaseProblem(row: TImportRow): Omit<TImportProblem, 'row'> | null {
  if (row.text.includes(NUL)) return { field: 'text', reason: 'text contains a NUL character' };
  if (JSON.stringify(row.metadata).includes('\\u0000')) return { field: null, reason: 'a metadata value contains a NUL character' };
  if (row.annotations.some((annotation) => annotation.labels.length !== 1)) {
    return { field: 'annotations', reason: 'an annotation has several labels, but this project takes one label per item' };
  }
  if (row.predictions.some((prediction) => prediction.labels.length !== 1)) {
    return { field: 'predictions', reason: 'a prediction has several labels, but this project takes one label per item' };
  }
  return null;
}

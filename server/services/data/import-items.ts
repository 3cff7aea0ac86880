import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { importRejectedRows, imports, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import {
  countProblemRows, groupProblemsByRow, readImport, type TByteSource, type TImportAnnotation, type TImportFormat, type TImportMapping, type TImportProblem, type TImportRow,
} from '@/server/import';
import { createImportCounters, type TImportCounters, type TImportProgress, type TImportResult } from '@/server/import/import-report';
import { getProject } from '@/server/services/projects/projects';
import { holdImportLease } from './import-lease';
import { RUN_PROBLEMS, withoutRecord } from './import-problems';
import type { TImportSink } from './import-sink';
import { isPooledDatabase } from './is-pooled-database';
import { createSpooledImportSink } from './spooled-import-sink';
import { createTransactionalImportSink } from './transactional-import-sink';
import { yieldToEventLoop } from './yield-to-event-loop';
import { storeRejectedRows } from './rejected-rows';
import { createAnnotationCheck } from './import-annotation-check';
import { createProjectImportAnswers, getImportAnswerShape, type TImportAnswerShape } from './import-answers';
import { AppError } from '@/server/errors';
import { getMediaContext, type TMediaContext } from '@/server/services/media/media-context';

/** Problems kept in full for the report; beyond this only the count grows (the rows themselves are all stored with --skip-invalid). */
export const MAX_REPORTED_PROBLEMS = 1_000;
/** Rows the reader hands over at a time: one batch is written while the next is parsed. */
const IMPORT_BATCH_ROWS = 1_000;

export type TImportOptions = {
  format?: TImportFormat;
  fileName?: string;
  mapping: TImportMapping;
  /** Import the valid rows and report the rest, instead of all-or-nothing. */
  skipInvalid?: boolean;
  onProgress?: (progress: TImportProgress) => void;
  /** Image projects: where images are stored and the rules for fetching their URLs (the process's own by default). */
  media?: TMediaContext;
};


class ImportRejected extends Error {}

/**
 * Imports items (and their annotations, predictions and gold labels) from any supported file. By
 * default all-or-nothing: rows are written out of sight while the file is read and checked (on
 * PostgreSQL in one transaction, on the embedded database in a spool file: see the two sinks), and a
 * single bad row (or an aborted upload) discards them all, with every problem reported; only a file
 * that passed reaches the project. Re-importing changes nothing: items dedupe by external id, else by content hash;
 * annotations by item and annotator; predictions by item and model version.
 */
export async function importItems(db: Database, actor: TActor | null, projectId: number, source: TByteSource, options: TImportOptions): Promise<TImportResult> {
  const project = await getProject(db, projectId);
  const isImageProject = project.taskType === 'image_classification';
  if (isImageProject && !options.mapping.imageField) throw new AppError('BAD_REQUEST', 'Say which field holds the image URL: imageField=<column> (Label Studio: image)');
  if (!isImageProject && options.mapping.imageField) throw new AppError('BAD_REQUEST', 'This project does not label images: leave imageField out');
  if (options.format === 'spacy' && project.taskType !== 'spans') throw new AppError('BAD_REQUEST', 'A spaCy JSONL file carries spans, and this project does not label spans');
  const media = isImageProject ? (options.media ?? getMediaContext()) : null;
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
    batchSize: IMPORT_BATCH_ROWS,
    isMultiLabel: project.taskType === 'multi_label',
    spans: project.taskType === 'spans' ? { allowOverlap: project.settings.allowOverlappingSpans } : null,
  });
  const counters = createImportCounters();
  const problems: TImportProblem[] = [];
  const lease = holdImportLease(db, run.id);
  const report = () => options.onProgress?.({ rowsRead: counters.rowsRead, itemsCreated: counters.itemsCreated, rowsRejected: counters.rowsRejected });
  const answers = createProjectImportAnswers(project);
  const annotations = createAnnotationCheck(db, projectId, answers);
  let sink: TImportSink | null = null;
  // One batch is written while the next is parsed: the database and the parser work in parallel.
  let pendingWrite: Promise<unknown> = Promise.resolve();
  // Rows the reader accepted but the database checks refused.
  let rejectedAfterReading = 0;

  const addProblems = (found: TImportProblem[]) => {
    counters.problemCount += found.length;
    for (const problem of found) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
  };

  try {
    // PostgreSQL writes into the project within one transaction; the embedded database spools (see the two sinks).
    sink = isPooledDatabase(db) ? await createTransactionalImportSink(db, actor, project, run.id, answers) : await createSpooledImportSink(db, actor, project, run.id, answers);
    for await (const batch of stream) {
      lease.assertHeld();
      addProblems(batch.problems);
      const checked = checkRowsForDatabase(batch.rows, getImportAnswerShape(project.taskType));
      // Images are fetched only while the file can still be imported: after a problem (all-or-nothing) nothing more is written.
      if (media && (counters.problemCount === 0 || options.skipInvalid)) {
        // Loaded here, not with the module: image decoding (sharp's libvips, ~20 MB resident) is for image projects only.
        const { resolveRowImages } = await import('@/server/services/media/resolve-row-images');
        const withImages = await resolveRowImages(db, media, actor, checked.rows);
        checked.rows = withImages.rows;
        checked.problems.push(...withImages.problems);
      }
      // Annotations that contradict the project's or this file's earlier ones are refused at the check,
      // while the import can still be all-or-nothing.
      await pendingWrite;
      const conflicts = await annotations.check(checked.rows);
      const refused = new Set(conflicts.map((problem) => problem.row));
      const rows = refused.size === 0 ? checked.rows : checked.rows.filter((row) => !refused.has(row.row));
      const rowProblems = [...checked.problems, ...conflicts];
      addProblems(rowProblems);
      const totals = stream.getTotals();
      counters.rowsRead = totals.rowsRead;
      rejectedAfterReading += countProblemRows(rowProblems);
      counters.rowsRejected = totals.rowsRejected + rejectedAfterReading;
      // All-or-nothing: after the first problem keep reading (to report every problem) but stop writing.
      if (counters.problemCount === 0 || options.skipInvalid) {
        const rejected = options.skipInvalid ? groupProblemsByRow([...batch.problems, ...rowProblems]) : [];
        pendingWrite = settle(sink.write(rows, rejected));
      }
      report();
      await yieldToEventLoop();
    }
    await pendingWrite;
    const totals = stream.getTotals();
    if (!totals.isComplete) throw new ImportRejected('The file could not be read to the end; nothing was imported');
    if (counters.problemCount > 0 && !options.skipInvalid) {
      throw new ImportRejected(`${counters.problemCount} problem${counters.problemCount === 1 ? '' : 's'} found; nothing was imported`);
    }
    if (counters.rowsRead === 0) throw new ImportRejected('The file has no rows');
    lease.assertHeld();
    const published = await sink.publish({ format: totals.format, counters, problems }, (counts) => {
      Object.assign(counters, counts);
      report();
    });
    Object.assign(counters, published);
    return { importId: run.id, status: 'succeeded', format: totals.format, ...counters, problems: problems.map(withoutRecord), error: null };
  } catch (caught) {
    // Once decided, the publisher recorded its own failure; before, nothing reached the project.
    if (sink?.isDecided()) throw caught;
    // A batch still being written would land after the discard.
    await pendingWrite.catch(() => undefined);
    await sink?.discard();
    const error = caught instanceof ImportRejected ? caught.message : 'The import stopped before the end of the file; nothing was imported';
    const format = stream.getTotals().format;
    await failRun(db, run.id, format, counters, problems, error);
    if (!(caught instanceof ImportRejected)) throw caught;
    return { importId: run.id, status: 'failed', format, ...counters, problems: problems.map(withoutRecord), error };
  } finally {
    lease.release();
  }
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


/** Records a run that wrote nothing, keeping the rows it reported to fix and import again. */
async function failRun(db: Database, id: number, format: TImportFormat | null, counters: TImportCounters, problems: TImportProblem[], error: string) {
  await db
    .update(imports)
    .set({
      status: 'failed',
      // The format read, where the run was started with 'auto': the rejected rows come back in it.
      ...(format ? { format } : {}),
      rowsRead: counters.rowsRead,
      itemsCreated: 0,
      duplicatesSkipped: 0,
      annotationsCreated: 0,
      predictionsCreated: 0,
      rowsRejected: counters.rowsRejected,
      problems: problems.slice(0, RUN_PROBLEMS).map(withoutRecord),
      error,
      finishedAt: new Date(),
    })
    .where(and(eq(imports.id, id), eq(imports.status, 'running')));
  // Rows stored while skipping invalid ones go with the run's rows: the reported ones stay.
  await db.delete(importRejectedRows).where(eq(importRejectedRows.importId, id));
  await storeRejectedRows(db, id, groupProblemsByRow(problems));
}

// PostgreSQL text and jsonb cannot hold NUL characters.
const NUL = '\u0000';

/** What the file reader cannot know about the database: NUL characters, one label per annotation (unless answers are sets or spans). */
function checkRowsForDatabase(rows: TImportRow[], shape: TImportAnswerShape): { rows: TImportRow[]; problems: TImportProblem[] } {
  const accepted: TImportRow[] = [];
  const problems: TImportProblem[] = [];
  for (const row of rows) {
    const problem = findDatabaseProblem(row, shape);
    if (problem) problems.push({ row: row.row, ...problem });
    else accepted.push(row);
  }
  return { rows: accepted, problems };
}

function findDatabaseProblem(row: TImportRow, shape: TImportAnswerShape): Omit<TImportProblem, 'row'> | null {
  if (row.text.includes(NUL)) return { field: 'text', reason: 'text contains a NUL character' };
  if (JSON.stringify(row.metadata).includes('\\u0000')) return { field: null, reason: 'a metadata value contains a NUL character' };
  if (shape !== 'label') return null;
  const isSingle = (labels: TImportAnnotation['labels']) => Array.isArray(labels) && labels.length === 1;
  if (row.annotations.some((annotation) => !isSingle(annotation.labels))) {
    return { field: 'annotations', reason: 'an annotation has several labels, but this project takes one label per item' };
  }
  if (row.predictions.some((prediction) => !isSingle(prediction.labels))) {
    return { field: 'predictions', reason: 'a prediction has several labels, but this project takes one label per item' };
  }
  return null;
}

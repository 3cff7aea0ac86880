import { desc, eq, sql, TransactionRollbackError } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { imports, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { groupProblemsByRow, readImport, type TByteSource, type TImportFormat, type TImportMapping, type TImportProblem, type TImportRow } from '@/server/import';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { isGoldCheck } from '@/server/services/queue/gold-checks';
import { storeRejectedRows } from './rejected-rows';
import { resolveImportedAnnotators } from './imported-annotators';
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

export type TImportProgress = { rowsRead: number; itemsCreated: number; rowsRejected: number };

export type TImportResult = {
  importId: number;
  status: 'succeeded' | 'failed';
  format: TImportFormat | null;
  rowsRead: number;
  itemsCreated: number;
  duplicatesSkipped: number;
  annotationsCreated: number;
  predictionsCreated: number;
  rowsRejected: number;
  problemCount: number;
  problems: TImportProblem[];
  /** Why nothing was written, when status is failed. */
  error: string | null;
};

type TCounters = Omit<TImportResult, 'importId' | 'status' | 'format' | 'problems' | 'error'>;

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
  const counters: TCounters = { rowsRead: 0, itemsCreated: 0, duplicatesSkipped: 0, annotationsCreated: 0, predictionsCreated: 0, rowsRejected: 0, problemCount: 0 };
  const problems: TImportProblem[] = [];
  const annotatorIds = new Map<string, string>();
  const writer = createBatchWriter(projectId, labelIds, project.settings, annotatorIds);
  let error: string | null = null;

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
        counters.rowsRejected = totals.rowsRejected + countRows(rowProblems);
        // All-or-nothing: after the first problem keep reading (to report every problem) but stop writing.
        await pendingWrite;
        if (counters.problemCount === 0 || options.skipInvalid) {
          pendingWrite = settle(storeRejects(tx, [...batch.problems, ...rowProblems]).then(() => writer.write(tx, rows, counters)));
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
  if (error) Object.assign(counters, { itemsCreated: 0, duplicatesSkipped: 0, annotationsCreated: 0, predictionsCreated: 0 });
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
  counters: TCounters,
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

/** A deterministic fraction in [0, 1) from a slice of the content hash: seeded order and eval draw. */
function hashFraction(contentHash: string, offset: number): number {
  return Number.parseInt(contentHash.slice(offset, offset + 8), 16) / 2 ** 32;
}

function createBatchWriter(
  projectId: number,
  labelIds: Map<string, number>,
  settings: { evalFraction: number; goldCheckShare: number },
  annotatorIds: Map<string, string>,
) {
  const labelId = (name: string | null | undefined) => (name == null ? null : (labelIds.get(name) ?? null));
  return {
    async write(db: Database, rows: TImportRow[], counters: TCounters): Promise<void> {
      if (rows.length === 0) return;
      const withExtras = rows.filter((row) => row.annotations.length > 0 || row.predictions.length > 0);
      // Only rows with annotations or predictions need their item ids back; otherwise a count will do.
      const insert = sql`
        insert into items (project_id, external_id, content_hash, text, metadata, gold_label_id, priority, is_eval, is_gold_check)
        select ${projectId}, * from unnest(
          ${sql.param(rows.map((row) => row.externalId))}::text[],
          ${sql.param(rows.map((row) => row.contentHash))}::text[],
          ${sql.param(rows.map((row) => row.text))}::text[],
          ${sql.param(rows.map((row) => JSON.stringify(row.metadata)))}::jsonb[],
          ${sql.param(rows.map((row) => labelId(row.goldLabel)))}::int[],
          ${sql.param(rows.map((row) => hashFraction(row.contentHash, 0)))}::real[],
          ${sql.param(rows.map((row) => hashFraction(row.contentHash, 8) < settings.evalFraction))}::bool[],
          ${sql.param(rows.map((row) => isGoldCheck(row.contentHash, labelId(row.goldLabel) !== null, settings.goldCheckShare)))}::bool[])
        on conflict do nothing`;
      if (withExtras.length === 0) {
        const result = await db.execute<{ created: number }>(sql`with inserted as (${insert} returning 1) select count(*)::int as created from inserted`);
        const created = Number(result.rows[0]?.created ?? 0);
        counters.itemsCreated += created;
        counters.duplicatesSkipped += rows.length - created;
        return;
      }
      const inserted = await db.execute<{ id: number; external_id: string | null; content_hash: string }>(sql`${insert} returning id, external_id, content_hash`);
      counters.itemsCreated += inserted.rows.length;
      counters.duplicatesSkipped += rows.length - inserted.rows.length;
      const itemIds = await findItemIds(db, projectId, withExtras, inserted.rows);
      await writeAnnotations(db, projectId, withExtras, itemIds, labelId, annotatorIds, counters);
      await writePredictions(db, projectId, withExtras, itemIds, labelId, counters);
    },
  };
}

const keyOf = (externalId: string | null, contentHash: string) => (externalId === null ? `h:${contentHash}` : `x:${externalId}`);

/** Item ids for rows, whether this import created the item or it already existed. */
async function findItemIds(
  db: Database,
  projectId: number,
  rows: TImportRow[],
  inserted: { id: number; external_id: string | null; content_hash: string }[],
): Promise<Map<string, number>> {
  const ids = new Map(inserted.map((row) => [keyOf(row.external_id, row.content_hash), Number(row.id)]));
  const unresolved = rows.filter((row) => !ids.has(keyOf(row.externalId, row.contentHash)));
  if (unresolved.length > 0) {
    const existing = await db.execute<{ id: number; external_id: string | null; content_hash: string }>(sql`
      select id, external_id, content_hash from items
      where project_id = ${projectId}
        and (external_id = any(${sql.param(unresolved.flatMap((row) => (row.externalId === null ? [] : [row.externalId])))}::text[])
          or (external_id is null and content_hash = any(${sql.param(unresolved.flatMap((row) => (row.externalId === null ? [row.contentHash] : [])))}::text[])))`);
    for (const row of existing.rows) ids.set(keyOf(row.external_id, row.content_hash), Number(row.id));
  }
  return ids;
}

async function writeAnnotations(
  db: Database,
  projectId: number,
  rows: TImportRow[],
  itemIds: Map<string, number>,
  labelId: (name: string | null | undefined) => number | null,
  annotatorIds: Map<string, string>,
  counters: TCounters,
): Promise<void> {
  const annotated = rows.filter((row) => row.annotations.length > 0);
  if (annotated.length === 0) return;
  await resolveImportedAnnotators(db, projectId, annotated.flatMap((row) => row.annotations.map((annotation) => annotation.annotator)), annotatorIds);
  const values = annotated.flatMap((row) => {
    const itemId = itemIds.get(keyOf(row.externalId, row.contentHash));
    return row.annotations.map((annotation) => ({
      itemId,
      annotatorId: annotatorIds.get(annotation.annotator),
      labelId: labelId(annotation.labels[0]),
      createdAt: (annotation.createdAt ?? new Date()).toISOString(),
      leadTimeMs: annotation.leadTimeMs === null ? null : Math.round(annotation.leadTimeMs),
    }));
  });
  // One statement: insert (skipping annotator+item pairs already stored) and bump the items' counts.
  const result = await db.execute<{ created: number }>(sql`
    with inserted as (
      insert into annotations (project_id, item_id, annotator_id, label_id, source, created_at, lead_time_ms)
      select ${projectId}, v.item_id, v.annotator_id, v.label_id, 'import', v.created_at, v.lead_time_ms
      from unnest(
        ${sql.param(values.map((value) => value.itemId))}::bigint[],
        ${sql.param(values.map((value) => value.annotatorId))}::text[],
        ${sql.param(values.map((value) => value.labelId))}::int[],
        ${sql.param(values.map((value) => value.createdAt))}::timestamptz[],
        ${sql.param(values.map((value) => value.leadTimeMs))}::int[]
      ) as v(item_id, annotator_id, label_id, created_at, lead_time_ms)
      on conflict do nothing
      returning item_id
    ),
    counted as (select item_id, count(*)::int as n from inserted group by item_id),
    bumped as (
      update items set annotation_count = annotation_count + counted.n, updated_at = now()
      from counted where items.id = counted.item_id
      returning items.id
    )
    select (select count(*) from inserted)::int as created, (select count(*) from bumped)::int as items`);
  counters.annotationsCreated += Number(result.rows[0]?.created ?? 0);
}

async function writePredictions(
  db: Database,
  projectId: number,
  rows: TImportRow[],
  itemIds: Map<string, number>,
  labelId: (name: string | null | undefined) => number | null,
  counters: TCounters,
): Promise<void> {
  const values = rows.flatMap((row) =>
    row.predictions.map((prediction) => ({
      itemId: itemIds.get(keyOf(row.externalId, row.contentHash)),
      version: prediction.modelVersion,
      labelId: labelId(prediction.labels[0]),
      score: prediction.score,
    })),
  );
  if (values.length === 0) return;
  const result = await db.execute(sql`
    insert into predictions (project_id, item_id, external_model_version, label_id, score)
    select ${projectId}, * from unnest(
      ${sql.param(values.map((value) => value.itemId))}::bigint[],
      ${sql.param(values.map((value) => value.version))}::text[],
      ${sql.param(values.map((value) => value.labelId))}::int[],
      ${sql.param(values.map((value) => value.score))}::real[])
    on conflict do nothing
    returning id`);
  counters.predictionsCreated += result.rows.length;
}


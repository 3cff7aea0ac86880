import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TImportAnnotation, TImportProblem, TImportRow } from '@/server/import';
import type { TImportCounters } from '@/server/import/import-report';
import { checkAnnotationConflicts, itemKeyOf } from './import-annotation-conflicts';
import { toJsonParam, type TImportAnswers } from './import-answers';
import { identityKey, resolveImportedAnnotators } from './imported-annotators';
import { hasRowExtras, ITEM_COLUMN_NAMES, itemColumnArrays, toItemColumns, type TItemColumnSettings } from './item-columns';

/**
 * Writes batches of validated rows of one import: items (deduplicated by external id, else by
 * text), then the annotations and predictions of rows that carry them, adding to `counters`.
 * Returns the rows it refused (an annotation contradicting a stored one), which it does not write.
 */
export function createBatchWriter(
  projectId: number,
  answers: TImportAnswers,
  settings: TItemColumnSettings,
  annotatorIds: Map<string, string>,
) {
  return {
    async write(db: Database, batch: TImportRow[], counters: TImportCounters): Promise<TImportProblem[]> {
      if (batch.length === 0) return [];
      const annotations = batch.flatMap((row) => row.annotations.map((annotation) => annotation.annotator));
      if (annotations.length > 0) await resolveImportedAnnotators(db, projectId, annotations, annotatorIds);
      const { problems, duplicates } = await checkAnnotationConflicts(db, projectId, batch, annotatorIds, answers);
      const refused = new Set(problems.map((problem) => problem.row));
      const rows = refused.size === 0 ? batch : batch.filter((row) => !refused.has(row.row));
      counters.annotationDuplicatesSkipped += duplicates.size;
      if (rows.length === 0) return problems;
      const withExtras = rows.filter(hasRowExtras);
      const columns = toItemColumns(rows, answers, settings);
      // Only rows with annotations, predictions or a final label need their item ids back; otherwise a count will do.
      const insert = sql`
        insert into items (project_id, ${ITEM_COLUMN_NAMES})
        select ${projectId}, * from unnest(${itemColumnArrays(columns)})
        on conflict do nothing`;
      if (withExtras.length === 0) {
        const result = await db.execute<{ created: number }>(sql`with inserted as (${insert} returning 1) select count(*)::int as created from inserted`);
        const created = Number(result.rows[0]?.created ?? 0);
        counters.itemsCreated += created;
        counters.duplicatesSkipped += rows.length - created;
        return problems;
      }
      const inserted = await db.execute<{ id: number; external_id: string | null; content_hash: string }>(sql`${insert} returning id, external_id, content_hash`);
      counters.itemsCreated += inserted.rows.length;
      counters.duplicatesSkipped += rows.length - inserted.rows.length;
      const itemIds = await findItemIds(db, projectId, withExtras, inserted.rows);
      await writeAnnotations(db, projectId, withExtras, itemIds, answers, annotatorIds, duplicates, counters);
      await writePredictions(db, projectId, withExtras, itemIds, answers, counters);
      await writeFinalLabels(db, withExtras, inserted.rows, answers);
      return problems;
    },
  };
}

/**
 * The final labels an export carried, on the items this import created (an item that was already in
 * the project keeps its own decision). A reviewer's label makes the item reviewed, any other labeled;
 * the queue then leaves them alone, as it does items decided here.
 */
async function writeFinalLabels(
  db: Database,
  rows: TImportRow[],
  inserted: { id: number; external_id: string | null; content_hash: string }[],
  answers: TImportAnswers,
): Promise<void> {
  const created = new Map(inserted.map((row) => [itemKeyOf(row.external_id, row.content_hash), Number(row.id)]));
  const decided: { id: number; labelId: number | null; value: string | null; source: string }[] = [];
  for (const row of rows) {
    const id = created.get(itemKeyOf(row.externalId, row.contentHash));
    const final = answers.fromNames(row.finalLabel?.label);
    if (id !== undefined && final !== null && row.finalLabel) decided.push({ id, labelId: final.labelId, value: toJsonParam(final.value), source: row.finalLabel.source });
  }
  if (decided.length === 0) return;
  await db.execute(sql`
    update items i set final_label_id = v.label_id, final_value = v.value, final_source = v.source,
      status = case when v.source = 'review' then 'reviewed' else 'labeled' end, updated_at = now()
    from unnest(
      ${sql.param(decided.map((d) => d.id))}::bigint[],
      ${sql.param(decided.map((d) => d.labelId))}::int[],
      ${sql.param(decided.map((d) => d.value))}::jsonb[],
      ${sql.param(decided.map((d) => d.source))}::text[]) as v(id, label_id, value, source)
    where i.id = v.id`);
}

/** Item ids for rows, whether this import created the item or it already existed. */
async function findItemIds(
  db: Database,
  projectId: number,
  rows: TImportRow[],
  inserted: { id: number; external_id: string | null; content_hash: string }[],
): Promise<Map<string, number>> {
  const ids = new Map(inserted.map((row) => [itemKeyOf(row.external_id, row.content_hash), Number(row.id)]));
  const unresolved = rows.filter((row) => !ids.has(itemKeyOf(row.externalId, row.contentHash)));
  if (unresolved.length > 0) {
    const existing = await db.execute<{ id: number; external_id: string | null; content_hash: string }>(sql`
      select id, external_id, content_hash from items
      where project_id = ${projectId}
        and (external_id = any(${sql.param(unresolved.flatMap((row) => (row.externalId === null ? [] : [row.externalId])))}::text[])
          or (external_id is null and content_hash = any(${sql.param(unresolved.flatMap((row) => (row.externalId === null ? [row.contentHash] : [])))}::text[])))`);
    for (const row of existing.rows) ids.set(itemKeyOf(row.external_id, row.content_hash), Number(row.id));
  }
  return ids;
}

async function writeAnnotations(
  db: Database,
  projectId: number,
  rows: TImportRow[],
  itemIds: Map<string, number>,
  answers: TImportAnswers,
  annotatorIds: Map<string, string>,
  duplicates: Set<TImportAnnotation>,
  counters: TImportCounters,
): Promise<void> {
  const values = rows.flatMap((row) => {
    const itemId = itemIds.get(itemKeyOf(row.externalId, row.contentHash));
    return row.annotations
      .filter((annotation) => !duplicates.has(annotation))
      .map((annotation) => ({
        itemId,
        annotatorId: annotatorIds.get(identityKey(annotation.annotator)),
        answer: answers.fromNames(annotation.labels),
        createdAt: (annotation.createdAt ?? new Date()).toISOString(),
        leadTimeMs: annotation.leadTimeMs === null ? null : Math.round(annotation.leadTimeMs),
      }));
  });
  if (values.length === 0) return;
  // One statement: insert and bump the items' counts. checkAnnotationConflicts left only new pairs; the
  // conflict clause is for a label someone submits on an existing item while the import runs.
  const result = await db.execute<{ created: number }>(sql`
    with inserted as (
      insert into annotations (project_id, item_id, annotator_id, label_id, value, source, created_at, lead_time_ms)
      select ${projectId}, v.item_id, v.annotator_id, v.label_id, v.value, 'import', v.created_at, v.lead_time_ms
      from unnest(
        ${sql.param(values.map((value) => value.itemId))}::bigint[],
        ${sql.param(values.map((value) => value.annotatorId))}::text[],
        ${sql.param(values.map((value) => value.answer?.labelId ?? null))}::int[],
        ${sql.param(values.map((value) => toJsonParam(value.answer?.value ?? null)))}::jsonb[],
        ${sql.param(values.map((value) => value.createdAt))}::timestamptz[],
        ${sql.param(values.map((value) => value.leadTimeMs))}::int[]
      ) as v(item_id, annotator_id, label_id, value, created_at, lead_time_ms)
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
  answers: TImportAnswers,
  counters: TImportCounters,
): Promise<void> {
  const values = rows.flatMap((row) =>
    row.predictions.map((prediction) => {
      const answer = answers.fromNames(prediction.labels);
      return {
        itemId: itemIds.get(itemKeyOf(row.externalId, row.contentHash)),
        version: prediction.modelVersion,
        labelId: answer?.labelId ?? null,
        // A multi-label prediction is the predicted set.
        value: toJsonParam(answer?.value ?? null),
        score: prediction.score,
      };
    }),
  );
  if (values.length === 0) return;
  const result = await db.execute(sql`
    insert into predictions (project_id, item_id, external_model_version, label_id, value, score)
    select ${projectId}, * from unnest(
      ${sql.param(values.map((value) => value.itemId))}::bigint[],
      ${sql.param(values.map((value) => value.version))}::text[],
      ${sql.param(values.map((value) => value.labelId))}::int[],
      ${sql.param(values.map((value) => value.value))}::jsonb[],
      ${sql.param(values.map((value) => value.score))}::real[])
    on conflict do nothing
    returning id`);
  counters.predictionsCreated += result.rows.length;
}


import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TExportItem } from '@/server/export';
import type { TLabelNames } from './export-answer-names';
import { toExportAnnotation, toExportItem, toExportPrediction, type TExportAnnotationRow, type TExportItemRow, type TExportPredictionRow } from './export-item';
import { STATUS_FILTERS, type TExportStatus } from './export-status';

type TItemRow = TExportItemRow & { slug: string };

/**
 * A page of items as rows, then their annotations and latest predictions in two statements run side
 * by side: on PostgreSQL the server sends the stored values as they are and the app decodes them while
 * the server works, cheaper than building JSON within the server (escaping every text).
 */
export async function readExportPageRows(db: Database, projectId: number, status: TExportStatus, afterId: number, names: TLabelNames, pageSize: number): Promise<{ items: TExportItem[]; lastId: number }> {
  const batch = await db.execute<TItemRow>(sql`
    select i.id, i.external_id, i.text, i.metadata, g.name as gold_label, i.gold_value, f.name as final_label, i.final_value, i.final_source, i.media_hash, p.slug
    from items i
    join projects p on p.id = i.project_id
    left join project_labels g on g.id = i.gold_label_id
    left join project_labels f on f.id = i.final_label_id
    where i.project_id = ${projectId} and i.id > ${afterId} and ${STATUS_FILTERS[status]}
    order by i.id
    limit ${pageSize}`);
  if (batch.rows.length === 0) return { items: [], lastId: afterId };
  const ids = batch.rows.map((row) => Number(row.id));
  const [annotationsByItem, predictionByItem] = await Promise.all([readAnnotations(db, ids, names), readLatestPredictions(db, ids, names)]);
  const items = batch.rows.map((row) =>
    toExportItem(row, { slug: row.slug, annotations: annotationsByItem.get(Number(row.id)) ?? [], prediction: predictionByItem.get(Number(row.id)) ?? null }, names),
  );
  return { items, lastId: ids[ids.length - 1] ?? afterId };
}

async function readAnnotations(db: Database, itemIds: number[], names: TLabelNames): Promise<Map<number, TExportItem['annotations']>> {
  const result = await db.execute<TExportAnnotationRow & { item_id: number }>(sql`
    -- The time as ISO text: node-postgres's date parser gets a year below 100 wrong (0005-06-07 came back as 2007-05-06).
    select a.item_id, u.id as annotator_id, u.email as annotator_email, u.name as annotator_name, a.label_id, a.value, to_json(a.created_at) #>> '{}' as created_at, a.lead_time_ms
    from annotations a
    join users u on u.id = a.annotator_id
    where a.item_id = any(${sql.param(itemIds)}::bigint[]) and a.status <> 'rejected'
    order by a.item_id, a.created_at, a.id`);
  const byItem = new Map<number, TExportItem['annotations']>();
  for (const row of result.rows) {
    const list = byItem.get(Number(row.item_id)) ?? [];
    list.push(toExportAnnotation(row, names));
    byItem.set(Number(row.item_id), list);
  }
  return byItem;
}

/** The latest prediction of each item that has one: a label, a set of labels, or spans. */
async function readLatestPredictions(db: Database, itemIds: number[], names: TLabelNames): Promise<Map<number, NonNullable<TExportItem['prediction']>>> {
  const result = await db.execute<TExportPredictionRow & { item_id: number }>(sql`
    select distinct on (p.item_id) p.item_id, coalesce('v' || mv.version, p.external_model_version, 'unknown') as model_version, p.label_id, p.value, p.score
    from predictions p
    left join model_versions mv on mv.id = p.model_version_id
    where p.item_id = any(${sql.param(itemIds)}::bigint[]) and (p.label_id is not null or p.value ? 'spans' or p.value ? 'labelIds')
    order by p.item_id, p.created_at desc, p.id desc`);
  const predictions = new Map<number, NonNullable<TExportItem['prediction']>>();
  for (const row of result.rows) {
    const prediction = toExportPrediction(row, names);
    if (prediction) predictions.set(Number(row.item_id), prediction);
  }
  return predictions;
}

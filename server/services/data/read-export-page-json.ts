import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TExportItem } from '@/server/export';
import type { TLabelNames } from './export-answer-names';
import { toExportAnnotation, toExportItem, toExportPrediction, type TExportAnnotationRow, type TExportItemRow, type TExportPredictionRow } from './export-item';
import { STATUS_FILTERS, type TExportStatus } from './export-status';

/** An item as the page statement builds it: its annotations and latest prediction nested. */
type TPageItem = TExportItemRow & { annotations: TExportAnnotationRow[] | null; prediction: TExportPredictionRow | null };

/**
 * One page in one statement, built as one JSON text within the database: the embedded database then
 * hands over a single value instead of a dozen fields an item (each decoded apart, on the app's one
 * thread) and three statements a page, which is where its exports' time went. The page's annotations
 * (rejected ones excluded: a reviewer overruled them) and latest usable predictions are read once for
 * all its items, through their item indexes: looked up item by item, an empty table's scan was set up
 * (and its size asked of the file system) per item.
 */
export async function readExportPageJson(db: Database, projectId: number, status: TExportStatus, afterId: number, names: TLabelNames, pageSize: number): Promise<{ items: TExportItem[]; lastId: number }> {
  const result = await db.execute<{ page: string }>(sql`
    with page as materialized (
      select * from items i
      where i.project_id = ${projectId} and i.id > ${afterId} and ${STATUS_FILTERS[status]}
      order by i.id limit ${pageSize}),
    page_ids as (select array_agg(id) as ids from page),
    page_annotations as (
      select a.item_id, json_agg(json_build_object(
        'annotator_id', u.id, 'annotator_email', u.email, 'annotator_name', u.name, 'label_id', a.label_id,
        'value', a.value, 'created_at', a.created_at, 'lead_time_ms', a.lead_time_ms) order by a.created_at, a.id) as list
      from annotations a join users u on u.id = a.annotator_id
      where a.item_id = any((select ids from page_ids)::bigint[]) and a.status <> 'rejected'
      group by a.item_id),
    page_predictions as (
      select distinct on (p.item_id) p.item_id,
        json_build_object('model_version', coalesce('v' || mv.version, p.external_model_version, 'unknown'), 'label_id', p.label_id, 'value', p.value, 'score', p.score) as latest
      from predictions p left join model_versions mv on mv.id = p.model_version_id
      where p.item_id = any((select ids from page_ids)::bigint[]) and (p.label_id is not null or p.value ? 'spans' or p.value ? 'labelIds')
      order by p.item_id, p.created_at desc, p.id desc)
    select coalesce(json_agg(json_build_object(
      'id', i.id, 'external_id', i.external_id, 'text', i.text, 'metadata', i.metadata,
      'gold_label', g.name, 'gold_value', i.gold_value, 'final_label', f.name, 'final_value', i.final_value,
      'final_source', i.final_source, 'media_hash', i.media_hash, 'annotations', pa.list, 'prediction', pp.latest
    ) order by i.id), '[]')::text as page
    from page i
    left join project_labels g on g.id = i.gold_label_id
    left join project_labels f on f.id = i.final_label_id
    left join page_annotations pa on pa.item_id = i.id
    left join page_predictions pp on pp.item_id = i.id`);
  const rows = JSON.parse(result.rows[0]?.page ?? '[]') as TPageItem[];
  const slug = rows.some((row) => row.media_hash) ? await readProjectSlug(db, projectId) : '';
  const items = rows.map((row) =>
    toExportItem(row, { slug, annotations: (row.annotations ?? []).map((annotation) => toExportAnnotation(annotation, names)), prediction: toExportPrediction(row.prediction, names) }, names),
  );
  return { items, lastId: rows.length > 0 ? Number(rows[rows.length - 1]!.id) : afterId };
}

/** Image projects' URLs name the project by its slug. */
export async function readProjectSlug(db: Database, projectId: number): Promise<string> {
  const result = await db.execute<{ slug: string }>(sql`select slug from projects where id = ${projectId}`);
  return result.rows[0]?.slug ?? '';
}

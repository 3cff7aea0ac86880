import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TFinalLabelSource, TStructuredValue } from '@/db/schema';
import { exportItems, type TExportFormat, type TExportItem } from '@/server/export';
import type { TImportSpans } from '@/server/import';
import { getEnv } from '@/server/env';
import { AppError } from '@/server/errors';
import { getProject } from '@/server/services/projects/projects';

export const EXPORT_STATUSES = ['all', 'labeled', 'reviewed'] as const;
export type TExportStatus = (typeof EXPORT_STATUSES)[number];

const BATCH_SIZE = 2_000;

/**
 * The export as a byte stream: items are read in id order, a batch at a time, never all at once.
 * `onItems` hears the running count of items handed to the writer (a progress bar, a summary).
 */
export function streamProjectExport(
  db: Database,
  projectId: number,
  options: { format: TExportFormat; status: TExportStatus; onItems?: (count: number) => void },
): Readable {
  const pages = readExportPages(db, projectId, options.status);
  return exportItems(options.onItems ? countPages(pages, options.onItems) : pages, options.format);
}

/** spaCy JSONL carries spans: only spans projects export it. Call before streaming (a stream cannot answer with an error). */
export async function assertExportFormat(db: Database, projectId: number, format: TExportFormat): Promise<void> {
  if (format !== 'spacy') return;
  const { taskType } = await getProject(db, projectId);
  if (taskType !== 'spans') throw new AppError('BAD_REQUEST', 'spaCy JSONL carries spans, and this project does not label spans: choose jsonl, csv or label-studio');
}

async function* countPages(pages: AsyncGenerator<TExportItem[]>, onItems: (count: number) => void): AsyncGenerator<TExportItem[]> {
  let count = 0;
  for await (const page of pages) {
    count += page.length;
    onItems(count);
    yield page;
  }
}

/** How many items an export with this status filter holds, before it is written (the HTTP API sends it as a header). */
export async function countExportItems(db: Database, projectId: number, status: TExportStatus): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from items i where i.project_id = ${projectId} and ${STATUS_FILTERS[status]}`);
  return Number(result.rows[0]?.n ?? 0);
}

const STATUS_FILTERS: Record<TExportStatus, ReturnType<typeof sql>> = {
  all: sql`true`,
  labeled: sql`(i.final_label_id is not null or i.final_value is not null)`,
  reviewed: sql`i.final_source = 'review'`,
};

type TLabelNames = ReadonlyMap<number, string>;

const nameLabel = (names: TLabelNames, id: number) => names.get(id) ?? `#${id}`;

/**
 * A stored value by label names: a multi-label set as a list of names (in label order), spans as
 * spans naming their labels (in text order, offsets as stored); null when the item has none.
 */
function nameValue(value: TStructuredValue | null, names: TLabelNames): string[] | TImportSpans | null {
  if (!value) return null;
  if ('labelIds' in value) return value.labelIds.map((id) => nameLabel(names, id));
  return { spans: value.spans.map((span) => ({ start: span.start, end: span.end, label: nameLabel(names, span.labelId) })) };
}

/**
 * Every item with its annotations (rejected ones excluded: a reviewer overruled them), final label
 * and how it was decided, gold label, and the latest model prediction, a page at a time.
 */
export async function* readExportPages(db: Database, projectId: number, status: TExportStatus): AsyncGenerator<TExportItem[]> {
  // Archived labels too: older answers may use them.
  const labelRows = await db.execute<{ id: number; name: string }>(sql`select id, name from project_labels where project_id = ${projectId}`);
  const names: TLabelNames = new Map(labelRows.rows.map((row) => [Number(row.id), row.name]));
  // The next page is read while this one is written out.
  let nextPage = readExportPage(db, projectId, status, 0, names);
  for (;;) {
    const page = await nextPage;
    if (page.items.length === BATCH_SIZE) {
      nextPage = readExportPage(db, projectId, status, page.lastId, names);
      // If the reader stops early, a failed read-ahead must not surface as an unhandled rejection.
      nextPage.catch(() => undefined);
    }
    if (page.items.length > 0) yield page.items;
    if (page.items.length < BATCH_SIZE) return;
  }
}

/** An item as the page statement builds it: its annotations and latest prediction nested, ids and values as stored. */
type TPageItem = {
  id: number;
  external_id: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
  gold_label: string | null;
  gold_value: TStructuredValue | null;
  final_label: string | null;
  final_value: TStructuredValue | null;
  final_source: TFinalLabelSource | null;
  media_hash: string | null;
  annotations: {
    annotator_id: string;
    annotator_email: string;
    annotator_name: string;
    label_id: number | null;
    value: TStructuredValue | null;
    created_at: string;
    lead_time_ms: number | null;
  }[] | null;
  prediction: { model_version: string; label_id: number | null; value: TStructuredValue | null; score: number | null } | null;
};

/**
 * One page in one statement, built as one JSON text within the database: the embedded database then
 * hands over a single value instead of a dozen fields per item and three statements per page, which
 * is where an export's time went. The page's annotations (rejected ones excluded: a reviewer overruled
 * them) and latest usable predictions are read once for all its items, through their item indexes:
 * looked up item by item, an empty table's scan was set up (and its size asked of the file system) per item.
 */
async function readExportPage(db: Database, projectId: number, status: TExportStatus, afterId: number, names: TLabelNames): Promise<{ items: TExportItem[]; lastId: number }> {
  const result = await db.execute<{ page: string }>(sql`
    with page as materialized (
      select * from items i
      where i.project_id = ${projectId} and i.id > ${afterId} and ${STATUS_FILTERS[status]}
      order by i.id limit ${BATCH_SIZE}),
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
  const items = rows.map((row): TExportItem => {
    const id = Number(row.id);
    return {
      externalId: row.external_id,
      itemId: String(id),
      text: row.text,
      metadata: row.metadata ?? {},
      goldLabel: nameValue(row.gold_value, names) ?? row.gold_label,
      annotations: (row.annotations ?? []).map((annotation) => ({
        annotator: { id: annotation.annotator_id, email: annotation.annotator_email, name: annotation.annotator_name },
        labels: nameValue(annotation.value, names) ?? [nameLabel(names, Number(annotation.label_id))],
        createdAt: new Date(annotation.created_at),
        leadTimeMs: annotation.lead_time_ms,
      })),
      finalLabel: nameValue(row.final_value, names) ?? row.final_label,
      finalLabelSource: row.final_source,
      prediction: toPrediction(row.prediction, names),
      ...(row.media_hash ? { image: { url: buildImageUrl(slug, id), hash: row.media_hash } } : {}),
    };
  });
  return { items, lastId: rows.length > 0 ? Number(rows[rows.length - 1]!.id) : afterId };
}

async function readProjectSlug(db: Database, projectId: number): Promise<string> {
  const result = await db.execute<{ slug: string }>(sql`select slug from projects where id = ${projectId}`);
  return result.rows[0]?.slug ?? '';
}

/** The item's image route: absolute when the server knows its own address (QUORUM_URL), so another tool can fetch it with a token. */
function buildImageUrl(slug: string, itemId: number): string {
  const base = getEnv().QUORUM_URL?.replace(/\/$/, '') ?? '';
  return `${base}/api/v1/projects/${encodeURIComponent(slug)}/items/${itemId}/image`;
}

/** A prediction by label names: a label, a set of labels, or spans; null when its labels name nothing. */
function toPrediction(prediction: TPageItem['prediction'], names: TLabelNames): TExportItem['prediction'] {
  if (!prediction) return null;
  const label = prediction.label_id !== null ? nameLabel(names, Number(prediction.label_id)) : nameValue(prediction.value, names);
  return label === null ? null : { modelVersion: prediction.model_version, label, score: prediction.score ?? 0 };
}

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

type TItemRow = {
  id: number;
  external_id: string | null;
  text: string;
  metadata: Record<string, unknown>;
  gold_label: string | null;
  gold_value: TStructuredValue | null;
  final_label: string | null;
  final_value: TStructuredValue | null;
  final_source: TFinalLabelSource | null;
  media_hash: string | null;
  slug: string;
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

async function readExportPage(db: Database, projectId: number, status: TExportStatus, afterId: number, names: TLabelNames): Promise<{ items: TExportItem[]; lastId: number }> {
  const batch = await db.execute<TItemRow>(sql`
    select i.id, i.external_id, i.text, i.metadata, g.name as gold_label, i.gold_value, f.name as final_label, i.final_value, i.final_source, i.media_hash, p.slug
    from items i
    join projects p on p.id = i.project_id
    left join project_labels g on g.id = i.gold_label_id
    left join project_labels f on f.id = i.final_label_id
    where i.project_id = ${projectId} and i.id > ${afterId} and ${STATUS_FILTERS[status]}
    order by i.id
    limit ${BATCH_SIZE}`);
  if (batch.rows.length === 0) return { items: [], lastId: afterId };
  const ids = batch.rows.map((row) => Number(row.id));
  const [annotationsByItem, predictionByItem] = await Promise.all([readAnnotations(db, ids, names), readLatestPredictions(db, ids, names)]);
  const items = batch.rows.map((row): TExportItem => {
    const id = Number(row.id);
    return {
      externalId: row.external_id,
      itemId: String(id),
      text: row.text,
      metadata: row.metadata ?? {},
      goldLabel: nameValue(row.gold_value, names) ?? row.gold_label,
      annotations: annotationsByItem.get(id) ?? [],
      finalLabel: nameValue(row.final_value, names) ?? row.final_label,
      finalLabelSource: row.final_source,
      prediction: predictionByItem.get(id) ?? null,
      ...(row.media_hash ? { image: { url: buildImageUrl(row.slug, id), hash: row.media_hash } } : {}),
    };
  });
  return { items, lastId: ids[ids.length - 1] ?? afterId };
}

/** The item's image route: absolute when the server knows its own address (QUORUM_URL), so another tool can fetch it with a token. */
function buildImageUrl(slug: string, itemId: number): string {
  const base = getEnv().QUORUM_URL?.replace(/\/$/, '') ?? '';
  return `${base}/api/v1/projects/${encodeURIComponent(slug)}/items/${itemId}/image`;
}

async function readAnnotations(db: Database, itemIds: number[], names: TLabelNames): Promise<Map<number, TExportItem['annotations']>> {
  const result = await db.execute<{
    item_id: number;
    annotator_id: string;
    annotator_email: string;
    annotator_name: string;
    label_id: number | null;
    value: TStructuredValue | null;
    created_at: Date | string;
    lead_time_ms: number | null;
  }>(sql`
    select a.item_id, u.id as annotator_id, u.email as annotator_email, u.name as annotator_name, a.label_id, a.value, a.created_at, a.lead_time_ms
    from annotations a
    join users u on u.id = a.annotator_id
    where a.item_id = any(${sql.param(itemIds)}::bigint[]) and a.status <> 'rejected'
    order by a.item_id, a.created_at, a.id`);
  const byItem = new Map<number, TExportItem['annotations']>();
  for (const row of result.rows) {
    const list = byItem.get(Number(row.item_id)) ?? [];
    const annotator = { id: row.annotator_id, email: row.annotator_email, name: row.annotator_name };
    const labels = nameValue(row.value, names) ?? [nameLabel(names, Number(row.label_id))];
    list.push({ annotator, labels, createdAt: new Date(row.created_at), leadTimeMs: row.lead_time_ms });
    byItem.set(Number(row.item_id), list);
  }
  return byItem;
}

/** The latest prediction of each item that has one: a label, a set of labels, or spans. */
async function readLatestPredictions(db: Database, itemIds: number[], names: TLabelNames): Promise<Map<number, NonNullable<TExportItem['prediction']>>> {
  const result = await db.execute<{ item_id: number; model_version: string; label_id: number | null; value: TStructuredValue | null; score: number | null }>(sql`
    select distinct on (p.item_id) p.item_id, coalesce('v' || mv.version, p.external_model_version, 'unknown') as model_version, p.label_id, p.value, p.score
    from predictions p
    left join model_versions mv on mv.id = p.model_version_id
    where p.item_id = any(${sql.param(itemIds)}::bigint[]) and (p.label_id is not null or p.value ? 'spans' or p.value ? 'labelIds')
    order by p.item_id, p.created_at desc, p.id desc`);
  const predictions = new Map<number, NonNullable<TExportItem['prediction']>>();
  for (const row of result.rows) {
    const named = nameValue(row.value, names);
    const label = row.label_id !== null ? nameLabel(names, Number(row.label_id)) : named;
    if (label !== null) predictions.set(Number(row.item_id), { modelVersion: row.model_version, label, score: row.score ?? 0 });
  }
  return predictions;
}

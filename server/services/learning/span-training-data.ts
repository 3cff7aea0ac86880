import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TSpan, TStructuredValue } from '@/db/schema';
import { HUMAN_FINAL_SOURCES_SQL } from './eval-set';

/**
 * A span project's training data: the final span sets people decided (a single annotator's, the
 * majority of several, or a reviewer's), never gold answers, outside the evaluation set. Spans
 * with a label no longer in the set are left out (the label is no class any more).
 */
export type TSpanTrainingData = {
  itemIds: number[];
  texts: string[];
  spans: TSpan[][];
  sources: string[];
  /** Spans per label, in `labelIds` order. */
  spansPerLabel: number[];
  /** The newest annotation when the answers were read: later ones are answers this data does not hold. */
  lastAnnotationId: number;
};

export async function loadSpanTrainingData(db: Database, projectId: number, labelIds: readonly number[]): Promise<TSpanTrainingData> {
  const classOf = new Map(labelIds.map((id, index) => [id, index]));
  // Read first: an answer given between the two reads counts as new, never the other way round.
  const last = await db.execute<{ id: number | string }>(sql`select coalesce(max(id), 0) as id from annotations where project_id = ${projectId}`);
  const result = await db.execute<{ id: number | string; text: string; final_value: TStructuredValue; final_source: string }>(sql`
    select id, text, final_value, final_source from items
    where project_id = ${projectId} and not is_eval and final_value is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}
    order by id`);
  const data: TSpanTrainingData = { itemIds: [], texts: [], spans: [], sources: [], spansPerLabel: labelIds.map(() => 0), lastAnnotationId: Number(last.rows[0]?.id ?? 0) };
  for (const row of result.rows) {
    const spans = readSpans(row.final_value, classOf);
    data.itemIds.push(Number(row.id));
    data.texts.push(row.text);
    data.spans.push(spans);
    data.sources.push(row.final_source);
    for (const span of spans) data.spansPerLabel[classOf.get(span.labelId)!]!++;
  }
  return data;
}

export type TSpanEvalData = { itemIds: number[]; texts: string[]; spans: TSpan[][]; human: number; gold: number };

/** Evaluation items with a human final span set, or else a gold one. */
export async function loadSpanEvalData(db: Database, projectId: number, labelIds: readonly number[]): Promise<TSpanEvalData> {
  const classOf = new Map(labelIds.map((id, index) => [id, index]));
  const result = await db.execute<{ id: number | string; text: string; human_value: TStructuredValue | null; gold_value: TStructuredValue | null }>(sql`
    select id, text, gold_value,
      case when final_value is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL} then final_value end as human_value
    from items
    where project_id = ${projectId} and is_eval
      and ((final_value is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}) or gold_value is not null)
    order by id`);
  const data: TSpanEvalData = { itemIds: [], texts: [], spans: [], human: 0, gold: 0 };
  for (const row of result.rows) {
    const value = row.human_value ?? row.gold_value;
    if (!value || !('spans' in value)) continue;
    data.itemIds.push(Number(row.id));
    data.texts.push(row.text);
    data.spans.push(readSpans(value, classOf));
    if (row.human_value !== null) data.human++;
    else data.gold++;
  }
  return data;
}

/** The gold-labeled items a span simulation replays (sampled by a hash of the id when there are more than `limit`). */
export async function loadSpanGoldItems(db: Database, projectId: number, labelIds: readonly number[], limit: number): Promise<{ total: number; texts: string[]; spans: TSpan[][] }> {
  const classOf = new Map(labelIds.map((id, index) => [id, index]));
  const total = await countSpanGoldItems(db, projectId);
  const threshold = Math.floor(2 ** 32 * Math.min(1, limit / Math.max(1, total)));
  const result = await db.execute<{ text: string; gold_value: TStructuredValue }>(sql`
    select text, gold_value from items
    where project_id = ${projectId} and gold_value is not null and ((id * 2654435761) % 4294967296) < ${threshold}
    order by id limit ${limit}`);
  const texts: string[] = [];
  const spans: TSpan[][] = [];
  for (const row of result.rows) {
    if (!('spans' in row.gold_value)) continue;
    texts.push(row.text);
    spans.push(readSpans(row.gold_value, classOf));
  }
  return { total, texts, spans };
}

export async function countSpanGoldItems(db: Database, projectId: number): Promise<number> {
  const result = await db.execute<{ n: string | number }>(sql`select count(*) as n from items where project_id = ${projectId} and gold_value is not null`);
  return Number(result.rows[0]!.n);
}

function readSpans(value: TStructuredValue, classOf: ReadonlyMap<number, number>): TSpan[] {
  if (!('spans' in value)) return [];
  return value.spans.filter((span) => classOf.has(span.labelId)).map(({ start, end, labelId }) => ({ start, end, labelId }));
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { HUMAN_FINAL_SOURCES_SQL } from './eval-set';

/** The IDF fit sees this many pool texts at most (labels and evaluation items included). */
export const IDF_SAMPLE_SIZE = 20_000;

export type TTrainingData = {
  itemIds: number[];
  texts: string[];
  /** Each item's image (sha256 into media_objects); null for a text item. */
  mediaHashes: (string | null)[];
  labels: Int32Array;
  sources: string[];
  countsPerClass: number[];
  /** The newest annotation when the labels were read: later ones are labels this data does not hold. */
  lastAnnotationId: number;
};

/**
 * Human final labels of non-evaluation items, reviewed ones included; never gold answers.
 * Without `withTexts` the texts are left out (a rescoring only needs the counts and ids).
 */
export async function loadTrainingData(
  db: Database,
  projectId: number,
  classLabelIds: readonly number[],
  { withTexts = true }: { withTexts?: boolean } = {},
): Promise<TTrainingData> {
  const classOf = new Map(classLabelIds.map((id, index) => [id, index]));
  // Read first: a label given between the two reads counts as new, never the other way round.
  const last = await db.execute<{ id: number | string }>(sql`select coalesce(max(id), 0) as id from annotations where project_id = ${projectId}`);
  const result = await db.execute<{ id: number | string; text: string | null; media_hash: string | null; final_label_id: number; final_source: string }>(sql`
    select id, ${withTexts ? sql`text` : sql`null::text as text`}, media_hash, final_label_id, final_source from items
    where project_id = ${projectId} and not is_eval and final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}
    order by id`);
  const data: TTrainingData = {
    itemIds: [],
    texts: [],
    mediaHashes: [],
    labels: new Int32Array(0),
    sources: [],
    countsPerClass: new Array<number>(classLabelIds.length).fill(0),
    lastAnnotationId: Number(last.rows[0]?.id ?? 0),
  };
  const labels: number[] = [];
  for (const row of result.rows) {
    const label = classOf.get(row.final_label_id);
    if (label === undefined) continue; // an archived label: no longer a class
    data.itemIds.push(Number(row.id));
    if (row.text !== null) data.texts.push(row.text);
    data.mediaHashes.push(row.media_hash);
    data.sources.push(row.final_source);
    labels.push(label);
    data.countsPerClass[label]!++;
  }
  data.labels = Int32Array.from(labels);
  return data;
}

/** Items annotated after `annotationId`: labeled (or relabeled) since a version read its training data. */
export async function listItemsAnnotatedSince(db: Database, projectId: number, annotationId: number): Promise<Set<number>> {
  const result = await db.execute<{ item_id: number | string }>(sql`
    select distinct item_id from annotations where project_id = ${projectId} and id > ${annotationId}`);
  return new Set(result.rows.map((row) => Number(row.item_id)));
}

export type TEvalData = { itemIds: number[]; texts: string[]; mediaHashes: (string | null)[]; labels: Int32Array; human: number; gold: number };

/** Evaluation items with a human final label, or else a gold label. */
export async function loadEvalData(db: Database, projectId: number, classLabelIds: readonly number[]): Promise<TEvalData> {
  const classOf = new Map(classLabelIds.map((id, index) => [id, index]));
  const result = await db.execute<{ id: number | string; text: string; media_hash: string | null; human_label_id: number | null; gold_label_id: number | null }>(sql`
    select id, text, media_hash, gold_label_id,
      case when final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL} then final_label_id end as human_label_id
    from items
    where project_id = ${projectId} and is_eval
      and ((final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}) or gold_label_id is not null)
    order by id`);
  const data: TEvalData = { itemIds: [], texts: [], mediaHashes: [], labels: new Int32Array(0), human: 0, gold: 0 };
  const labels: number[] = [];
  for (const row of result.rows) {
    const label = classOf.get(row.human_label_id ?? row.gold_label_id ?? -1);
    if (label === undefined) continue;
    data.itemIds.push(Number(row.id));
    data.texts.push(row.text);
    data.mediaHashes.push(row.media_hash);
    labels.push(label);
    if (row.human_label_id !== null) data.human++;
    else data.gold++;
  }
  data.labels = Int32Array.from(labels);
  return data;
}

/** A uniform sample of the project's texts for the IDF fit, by a hash of the id (no sort of the table). */
export async function sampleCorpus(db: Database, projectId: number, size: number): Promise<string[]> {
  if (size <= 0) return [];
  const counted = await db.execute<{ n: string | number }>(sql`select count(*) as n from items where project_id = ${projectId}`);
  const total = Number(counted.rows[0]!.n);
  const threshold = Math.floor(2 ** 32 * Math.min(1, size / Math.max(1, total)));
  const result = await db.execute<{ text: string }>(sql`
    select text from items
    where project_id = ${projectId} and ((id * 2654435761) % 4294967296) < ${threshold}
    limit ${size}`);
  return result.rows.map((row) => row.text);
}

import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { HUMAN_FINAL_SOURCES_SQL } from './eval-set';

/** Label sets as the multi-label model reads them: items in id order and an n×L 0/1 matrix in the project's label order. */
export type TLabelSetData = {
  itemIds: number[];
  texts: string[];
  /** n×L: row i, column ℓ is 1 when item i's set holds the ℓ-th label. */
  targets: Uint8Array;
  /** Items whose set holds each label. */
  countsPerLabel: number[];
  /** Items answered "none of these". */
  emptySets: number;
};

export type TMultilabelTrainingData = TLabelSetData & {
  sources: string[];
  /** The newest annotation when the sets were read: later ones are labels this data does not hold. */
  lastAnnotationId: number;
};

export type TMultilabelEvalData = TLabelSetData & { human: number; gold: number };

/**
 * Human final label sets (final_value, decided by a single annotator, a consensus of identical
 * sets, or a reviewer) of non-evaluation items; never gold answers, as for single-label training.
 * Labels archived since leave the sets (they are no longer a column of the model). Without
 * `withTexts` the texts are left out (a rescoring only needs the counts).
 */
export async function loadMultilabelTrainingData(
  db: Database,
  projectId: number,
  labelIds: readonly number[],
  { withTexts = true }: { withTexts?: boolean } = {},
): Promise<TMultilabelTrainingData> {
  // Read first: a label given between the two reads counts as new, never the other way round.
  const last = await db.execute<{ id: number | string }>(sql`select coalesce(max(id), 0) as id from annotations where project_id = ${projectId}`);
  const result = await db.execute<{ id: number | string; text: string | null; label_ids: unknown; final_source: string }>(sql`
    select id, ${withTexts ? sql`text` : sql`null::text as text`}, final_value -> 'labelIds' as label_ids, final_source from items
    where project_id = ${projectId} and not is_eval and final_value ? 'labelIds' and final_source in ${HUMAN_FINAL_SOURCES_SQL}
    order by id`);
  const sources: string[] = [];
  const data = collectLabelSets(
    result.rows.map((row) => {
      sources.push(row.final_source);
      return { id: row.id, text: row.text, labelIds: row.label_ids };
    }),
    labelIds,
  );
  return { ...data, sources, lastAnnotationId: Number(last.rows[0]?.id ?? 0) };
}

/** Evaluation items with a human final set, or else a gold set (gold_value). */
export async function loadMultilabelEvalData(db: Database, projectId: number, labelIds: readonly number[]): Promise<TMultilabelEvalData> {
  const result = await db.execute<{ id: number | string; text: string; human: unknown; gold: unknown }>(sql`
    select id, text,
      case when final_value ? 'labelIds' and final_source in ${HUMAN_FINAL_SOURCES_SQL} then final_value -> 'labelIds' end as human,
      gold_value -> 'labelIds' as gold
    from items
    where project_id = ${projectId} and is_eval
      and ((final_value ? 'labelIds' and final_source in ${HUMAN_FINAL_SOURCES_SQL}) or gold_value ? 'labelIds')
    order by id`);
  let human = 0;
  let gold = 0;
  const data = collectLabelSets(
    result.rows.map((row) => {
      if (row.human !== null) human++;
      else gold++;
      return { id: row.id, text: row.text, labelIds: row.human ?? row.gold };
    }),
    labelIds,
  );
  return { ...data, human, gold };
}

/** Gold-labeled items' texts and sets: what a multi-label strategy simulation replays. */
export async function loadGoldLabelSets(db: Database, projectId: number, labelIds: readonly number[], { limit }: { limit: number }): Promise<TLabelSetData & { total: number }> {
  const counted = await db.execute<{ n: string | number }>(sql`select count(*) as n from items where project_id = ${projectId} and gold_value ? 'labelIds'`);
  const total = Number(counted.rows[0]!.n);
  // A uniform sample by a hash of the id when there are more than `limit` (no sort of the table).
  const threshold = Math.floor(2 ** 32 * Math.min(1, limit / Math.max(1, total)));
  const result = await db.execute<{ id: number | string; text: string; label_ids: unknown }>(sql`
    select id, text, gold_value -> 'labelIds' as label_ids from items
    where project_id = ${projectId} and gold_value ? 'labelIds' and ((id * 2654435761) % 4294967296) < ${threshold}
    order by id limit ${limit}`);
  return { ...collectLabelSets(result.rows.map((row) => ({ id: row.id, text: row.text, labelIds: row.label_ids })), labelIds), total };
}

/** The same evaluation items, the same hash: versions scored on equal hashes compare directly. */
export function hashEvalItems(itemIds: readonly number[]): string | null {
  return itemIds.length > 0 ? createHash('sha1').update(itemIds.join(',')).digest('hex').slice(0, 16) : null;
}

function collectLabelSets(rows: readonly { id: number | string; text: string | null; labelIds: unknown }[], labelIds: readonly number[]): TLabelSetData {
  const numLabels = labelIds.length;
  const column = new Map(labelIds.map((id, index) => [id, index]));
  const targets = new Uint8Array(rows.length * numLabels);
  const data: TLabelSetData = { itemIds: [], texts: [], targets, countsPerLabel: new Array<number>(numLabels).fill(0), emptySets: 0 };
  rows.forEach((row, i) => {
    data.itemIds.push(Number(row.id));
    if (row.text !== null) data.texts.push(row.text);
    let chosen = 0;
    for (const id of Array.isArray(row.labelIds) ? row.labelIds : []) {
      const l = column.get(Number(id));
      // An archived label: no longer a column of the model.
      if (l === undefined || targets[i * numLabels + l]) continue;
      targets[i * numLabels + l] = 1;
      data.countsPerLabel[l]!++;
      chosen++;
    }
    if (chosen === 0) data.emptySets++;
  });
  return data;
}

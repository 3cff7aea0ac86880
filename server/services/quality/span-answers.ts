import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TSpan } from '@/db/schema';
import type { TNamedSpanAnswer } from '@/ml/spans/compute-named-span-agreement';
import { loadRatingLabels, nameAnnotators } from './ratings';

/** Items read per statement (each with its text and every counted answer). */
const BATCH_ITEMS = 2_000;

type TSpanAnswerRow = { item_id: number | string; text: string; annotator_id: string; spans: TSpan[] };

export type TSpanAnswers = {
  answers: TNamedSpanAnswer[];
  /** Every label of the project as the report orders them (active by position, then archived), then any unknown id an answer uses. */
  labels: string[];
};

/**
 * What a spans project's agreement is computed from: every counted (non-rejected) spans answer up
 * to `maxAnnotationId` (the report's watermark) on items that have two or more of them (no other
 * item can be compared), by item id and then annotation id, a batch of items at a time. The
 * ratings download writes exactly these. Offsets stay as stored, in UTF-16 code units; labels and
 * annotators are named as in the single-label ratings (loadRatingLabels, nameAnnotators).
 */
export async function loadSpanAnswers(db: Database, projectId: number, { maxAnnotationId }: { maxAnnotationId: number }): Promise<TSpanAnswers> {
  const projectLabels = await loadRatingLabels(db, projectId);
  const names = new Map(projectLabels.map((label) => [label.id, label.category]));
  const labels = projectLabels.map((label) => label.category);
  const rows: { itemId: string; text: string; annotatorId: string; spans: TSpan[] }[] = [];
  let afterItem = 0;
  for (;;) {
    const { rows: batch } = await db.execute<TSpanAnswerRow>(sql`
      with compared as (
        select a.item_id from annotations a
        where a.project_id = ${projectId} and a.status <> 'rejected' and a.value ? 'spans' and a.id <= ${maxAnnotationId} and a.item_id > ${afterItem}
        group by a.item_id having count(*) >= 2
        order by a.item_id
        limit ${BATCH_ITEMS}
      )
      select a.item_id, i.text, a.annotator_id, a.value -> 'spans' as spans
      from compared c
      join items i on i.id = c.item_id
      join annotations a on a.item_id = c.item_id and a.status <> 'rejected' and a.value ? 'spans' and a.id <= ${maxAnnotationId}
      order by a.item_id, a.id`);
    for (const row of batch) rows.push({ itemId: String(row.item_id), text: row.text, annotatorId: row.annotator_id, spans: row.spans });
    const itemsInBatch = new Set(batch.map((row) => String(row.item_id))).size;
    const last = batch[batch.length - 1];
    if (!last || itemsInBatch < BATCH_ITEMS) break;
    afterItem = Number(last.item_id);
  }
  const annotatorName = new Map((await nameAnnotators(db, [...new Set(rows.map((row) => row.annotatorId))])).map((row) => [row.userId, row.annotator]));
  const declared = new Set(labels);
  const nameLabel = (labelId: number): string => {
    const name = names.get(labelId) ?? `#${labelId}`;
    if (!declared.has(name)) {
      declared.add(name);
      labels.push(name);
    }
    return name;
  };
  const answers = rows.map(
    (row): TNamedSpanAnswer => ({
      item: row.itemId,
      annotator: annotatorName.get(row.annotatorId) ?? row.annotatorId,
      text: row.text,
      spans: row.spans.map((span) => ({ start: span.start, end: span.end, label: nameLabel(span.labelId) })),
    }),
  );
  return { answers, labels };
}

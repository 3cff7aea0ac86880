import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TLabelSetRating } from '@/ml/multilabel/label-set-ratings';
import { loadRatingLabels, nameAnnotators } from './ratings';

const BATCH_SIZE = 10_000;

export type TLabelSetAnswers = {
  ratings: TLabelSetRating[];
  /** The declared labels: active ones in the project's order, then any other label an answer uses, in order of first use. */
  labels: string[];
};

/**
 * What a multi-label project's agreement is computed from: every counted (non-rejected) set answer
 * up to `maxAnnotationId` (the report's watermark), in annotation order, which fixes the order of
 * items and so the bootstrap's resamples. The ratings download writes exactly these, so the CLI
 * can redo the computation. Labels and annotators are named as in the single-label ratings
 * (loadRatingLabels, nameAnnotators): the file shows names, never database ids.
 */
export async function loadLabelSetAnswers(db: Database, projectId: number, { maxAnnotationId }: { maxAnnotationId: number }): Promise<TLabelSetAnswers> {
  const projectLabels = await loadRatingLabels(db, projectId);
  const names = new Map(projectLabels.map((label) => [label.id, label.category]));
  const rows: { itemId: string; annotatorId: string; labels: string[] }[] = [];
  let afterId = 0;
  for (;;) {
    const { rows: batch } = await db.execute<{ id: number | string; item_id: number | string; annotator_id: string; label_ids: number[] }>(sql`
      select a.id, a.item_id, a.annotator_id, array(select jsonb_array_elements_text(a.value -> 'labelIds')::int) as label_ids
      from annotations a
      where a.project_id = ${projectId} and a.id > ${afterId} and a.id <= ${maxAnnotationId} and a.status <> 'rejected' and a.value ? 'labelIds'
      order by a.id
      limit ${BATCH_SIZE}`);
    for (const row of batch) {
      rows.push({ itemId: String(row.item_id), annotatorId: row.annotator_id, labels: row.label_ids.map((id) => names.get(Number(id)) ?? `#${id}`) });
    }
    const last = batch[batch.length - 1];
    if (!last || batch.length < BATCH_SIZE) break;
    afterId = Number(last.id);
  }
  const annotatorName = new Map((await nameAnnotators(db, [...new Set(rows.map((row) => row.annotatorId))])).map((row) => [row.userId, row.annotator]));
  // Archived labels (and any unknown id) join the declared list only when an answer uses them.
  const labels = projectLabels.filter((label) => !label.isArchived).map((label) => label.category);
  const declared = new Set(labels);
  for (const row of rows) {
    for (const name of row.labels) {
      if (declared.has(name)) continue;
      declared.add(name);
      labels.push(name);
    }
  }
  return { ratings: rows.map((row) => ({ item: row.itemId, annotator: annotatorName.get(row.annotatorId) ?? row.annotatorId, labels: row.labels })), labels };
}

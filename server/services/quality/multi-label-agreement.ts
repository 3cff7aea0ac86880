import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { computeMultilabelAgreementReport, type TMultilabelAgreementReport } from '@/ml/multilabel/multilabel-agreement-report';
import type { TLabelSetRating } from '@/ml/multilabel/label-set-ratings';

const BATCH_SIZE = 10_000;

/**
 * The agreement of a multi-label project's annotators: exact-set agreement, Krippendorff's α over
 * sets with the MASI and the Jaccard distance, and per-label binary α and κ, from every counted
 * (non-rejected) set answer. Label names in the project's order.
 */
export async function computeProjectMultilabelAgreement(
  db: Database,
  projectId: number,
  labels: readonly { id: number; name: string }[],
  options: { bootstrapSamples: number; seed: number },
): Promise<TMultilabelAgreementReport> {
  const names = new Map(labels.map((label) => [label.id, label.name]));
  const ratings: TLabelSetRating[] = [];
  let afterId = 0;
  for (;;) {
    const { rows } = await db.execute<{ id: number | string; item_id: number | string; annotator_id: string; label_ids: number[] }>(sql`
      select a.id, a.item_id, a.annotator_id, array(select jsonb_array_elements_text(a.value -> 'labelIds')::int) as label_ids
      from annotations a
      where a.project_id = ${projectId} and a.id > ${afterId} and a.status <> 'rejected' and a.value ? 'labelIds'
      order by a.id
      limit ${BATCH_SIZE}`);
    for (const row of rows) {
      ratings.push({ item: String(row.item_id), annotator: row.annotator_id, labels: row.label_ids.map((id) => names.get(Number(id)) ?? `#${id}`) });
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH_SIZE) break;
    afterId = Number(last.id);
  }
  // Archived labels still used by older answers join the declared set at its end.
  const declared = labels.map((label) => label.name);
  for (const rating of ratings) for (const name of rating.labels) if (!declared.includes(name)) declared.push(name);
  return computeMultilabelAgreementReport(ratings, { labels: declared, bootstrapSamples: options.bootstrapSamples, seed: options.seed });
}

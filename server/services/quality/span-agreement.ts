import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TSpan } from '@/db/schema';
import { computeSpanAgreementReport, type TSpanAgreementReport } from '@/ml/spans/span-agreement-report';
import type { TSpanItem } from '@/ml/spans/span-item';
import { tokenizeText } from '@/ml/spans/tokenize-text';
import { nameAnnotators } from './ratings';

/** Items read per statement (each with its text and every counted answer). */
const BATCH_ITEMS = 2_000;

type TSpanAnswerRow = { item_id: number | string; text: string; annotator_id: string; spans: TSpan[] };

/**
 * The agreement of a spans project's annotators (computeSpanAgreementReport): span F1 between
 * annotators, exact and partial; token-level α and κ; Krippendorff's unitizing α; overall and per
 * label. Read from every counted (non-rejected) spans answer on items that have two or more of them,
 * a batch of items at a time; annotators are named as in the rest of the report. Labels in the
 * project's order, archived ones that older answers use included.
 */
export async function computeProjectSpanAgreement(db: Database, projectId: number, labels: readonly { id: number; name: string }[]): Promise<TSpanAgreementReport> {
  const rows: { itemId: string; text: string; annotatorId: string; spans: TSpan[] }[] = [];
  let afterItem = 0;
  for (;;) {
    const { rows: batch } = await db.execute<TSpanAnswerRow>(sql`
      with compared as (
        select a.item_id from annotations a
        where a.project_id = ${projectId} and a.status <> 'rejected' and a.value ? 'spans' and a.item_id > ${afterItem}
        group by a.item_id having count(*) >= 2
        order by a.item_id
        limit ${BATCH_ITEMS}
      )
      select a.item_id, i.text, a.annotator_id, a.value -> 'spans' as spans
      from compared c
      join items i on i.id = c.item_id
      join annotations a on a.item_id = c.item_id and a.status <> 'rejected' and a.value ? 'spans'
      order by a.item_id, a.id`);
    for (const row of batch) rows.push({ itemId: String(row.item_id), text: row.text, annotatorId: row.annotator_id, spans: row.spans });
    const itemsInBatch = new Set(batch.map((row) => String(row.item_id))).size;
    const last = batch[batch.length - 1];
    if (!last || itemsInBatch < BATCH_ITEMS) break;
    afterItem = Number(last.item_id);
  }
  const names = new Map((await nameAnnotators(db, [...new Set(rows.map((row) => row.annotatorId))])).map((row) => [row.userId, row.annotator]));
  const items: TSpanItem[] = [];
  for (const row of rows) {
    let item = items.at(-1);
    if (!item || item.item !== row.itemId) {
      item = { item: row.itemId, tokens: tokenizeText(row.text), annotations: [] };
      items.push(item);
    }
    (item.annotations as { annotator: string; spans: readonly TSpan[] }[]).push({ annotator: names.get(row.annotatorId) ?? row.annotatorId, spans: row.spans });
  }
  return computeSpanAgreementReport(items, labels);
}

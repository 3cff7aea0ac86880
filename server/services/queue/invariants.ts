import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { targetOverlapSql } from './overlap';

export type TQueueInvariantReport = {
  /** Items (other than gold checks) with more counted annotations than their overlap. */
  itemsOverOverlap: number;
  /** (item, annotator) pairs with more than one annotation. */
  duplicateAnnotatorItems: number;
  /** Items whose annotation_count differs from their non-rejected annotations. */
  countMismatches: number;
  /** Open items that already have all their annotations (they should have been decided). */
  completeButOpen: number;
  /** Labeled items without a final label. */
  labeledWithoutFinal: number;
};

/**
 * The queue's promises, checked in SQL over a whole project: used by the concurrency test and by
 * the queue benchmark after its run. Every figure must be zero.
 */
export async function checkQueueInvariants(db: Database, projectId: number, settings: TProjectSettings): Promise<TQueueInvariantReport> {
  const target = targetOverlapSql(sql.raw('i.id'), settings);
  const result = await db.execute<Record<string, number | string>>(sql`
    with counted as (
      select a.item_id, count(*) filter (where a.status <> 'rejected') as n
      from annotations a where a.project_id = ${projectId} group by a.item_id
    )
    select
      (select count(*) from counted c join items i on i.id = c.item_id
         where not i.is_gold_check and c.n > ${target}) as items_over_overlap,
      (select count(*) from (select 1 from annotations where project_id = ${projectId}
         group by item_id, annotator_id having count(*) > 1) d) as duplicate_annotator_items,
      (select count(*) from items i left join counted c on c.item_id = i.id
         where i.project_id = ${projectId} and i.annotation_count <> coalesce(c.n, 0)) as count_mismatches,
      (select count(*) from items i join counted c on c.item_id = i.id
         where i.project_id = ${projectId} and not i.is_gold_check and i.status = 'open' and c.n >= ${target}) as complete_but_open,
      (select count(*) from items i where i.project_id = ${projectId} and i.status = 'labeled' and i.final_label_id is null) as labeled_without_final`);
  const row = result.rows[0] ?? {};
  return {
    itemsOverOverlap: Number(row.items_over_overlap ?? 0),
    duplicateAnnotatorItems: Number(row.duplicate_annotator_items ?? 0),
    countMismatches: Number(row.count_mismatches ?? 0),
    completeButOpen: Number(row.complete_but_open ?? 0),
    labeledWithoutFinal: Number(row.labeled_without_final ?? 0),
  };
}

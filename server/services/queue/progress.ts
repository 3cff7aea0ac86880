import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';

// Counting every open item of a million-item project on each submission would cost more than the
// labeling itself; past this many the screen says "10,000+".
export const REMAINING_COUNT_CAP = 10_000;

export type TLabelingProgress = { doneSince: number; doneTotal: number; remaining: number; isRemainingCapped: boolean };

/** The annotator's own counts (since a time, usually their local midnight, and in total) and the open items left. */
export async function getLabelingProgress(db: Database, actor: Pick<TActor, 'userId'>, input: { projectId: number; since: Date }): Promise<TLabelingProgress> {
  const result = await db.execute<{ done_since: number | string; done_total: number | string; remaining: number | string }>(sql`
    select
      (select count(*) from annotations where project_id = ${input.projectId} and annotator_id = ${actor.userId}
         and created_at >= ${input.since.toISOString()}::timestamptz) as done_since,
      (select count(*) from annotations where project_id = ${input.projectId} and annotator_id = ${actor.userId}) as done_total,
      (select count(*) from (
         select 1 from items where project_id = ${input.projectId} and status = 'open' and not is_eval and not is_gold_check
         union all
         select 1 from items where project_id = ${input.projectId} and status = 'open' and is_eval and not is_gold_check
         limit ${REMAINING_COUNT_CAP + 1}) as open_items) as remaining`);
  const row = result.rows[0];
  const remaining = Number(row?.remaining ?? 0);
  return {
    doneSince: Number(row?.done_since ?? 0),
    doneTotal: Number(row?.done_total ?? 0),
    remaining: Math.min(remaining, REMAINING_COUNT_CAP),
    isRemainingCapped: remaining > REMAINING_COUNT_CAP,
  };
}

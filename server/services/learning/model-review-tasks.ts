import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TFinalLabelSource, TItemStatus, TReviewReason } from '@/db/schema';
import type { LabelIssue } from '@/ml/review/label-issues';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { addReviewTask, hasOpenReviewTask } from '@/server/services/review/review-tasks';

/** Review tasks one scoring or training run may raise: a reviewer's queue is not flooded by one model. */
export const MAX_REVIEW_TASKS_PER_RUN = 50;

/**
 * Puts human labels a model contradicts in front of reviewers ("model disagrees" from rescoring,
 * "likely mislabeled" from out-of-fold confident learning), each with the model's view of the item.
 * Returns how many tasks are new; an item already waiting for the same reason is not added twice.
 */
export async function addModelReviewTasks(
  db: Database,
  input: {
    projectId: number;
    versionId: number;
    reason: Extract<TReviewReason, 'model_disagrees' | 'likely_mislabeled'>;
    /** Issues found by ml/review/label-issues.ts, with the item each row stands for. */
    issues: readonly { itemId: number; issue: LabelIssue }[];
    classLabelIds: readonly number[];
  },
): Promise<number> {
  let added = 0;
  for (const { itemId, issue } of input.issues.slice(0, MAX_REVIEW_TASKS_PER_RUN)) {
    const isAdded = await addReviewTask(db, {
      projectId: input.projectId,
      itemId,
      reason: input.reason,
      details: {
        modelVersionId: input.versionId,
        givenLabelId: input.classLabelIds[issue.given],
        suggestedLabelId: input.classLabelIds[issue.suggested],
        givenProbability: roundProbability(issue.givenProbability),
        suggestedProbability: roundProbability(issue.suggestedProbability),
      },
    });
    if (isAdded) added++;
  }
  return added;
}

type TStaleFlagRow = {
  task_id: number | string;
  item_id: number | string;
  details: Record<string, unknown>;
  predicted_label_id: number;
  score: number;
  final_label_id: number | null;
};

/**
 * Withdraws the open "model disagrees" flags another model version raised and the version that has
 * just scored the pool (`versionId`, its predictions stored) no longer supports: its prediction for
 * the item is the item's final label, or another label below `minConfidence`. Without this a flag
 * from v1 stays in the review queue beside v2's prediction that agrees with the label.
 *
 * Only open tasks are touched: a reviewer's decision on a flag stays as it is. Each withdrawal is a
 * dismissal without a person (resolved_by null) with its own audit event; the item leaves review
 * when nothing else keeps it there. Returns how many flags it withdrew.
 */
export async function withdrawUnsupportedModelFlags(
  db: Database,
  input: { projectId: number; versionId: number; minConfidence: number },
): Promise<number> {
  const stale = await db.execute<TStaleFlagRow>(sql`
    select t.id as task_id, t.item_id, t.details, p.label_id as predicted_label_id, p.score, i.final_label_id
    from review_tasks t
    join items i on i.id = t.item_id
    join predictions p on p.item_id = t.item_id and p.model_version_id = ${input.versionId}
    where t.project_id = ${input.projectId} and t.status = 'open' and t.reason = 'model_disagrees'
      and coalesce(t.details->>'modelVersionId', '') <> ${String(input.versionId)}
      and not (i.final_label_id is not null and p.label_id <> i.final_label_id and p.score >= ${input.minConfidence})`);
  let withdrawn = 0;
  for (const row of stale.rows) {
    if (await withdrawModelFlag(db, { projectId: input.projectId, versionId: input.versionId, row })) withdrawn++;
  }
  return withdrawn;
}

async function withdrawModelFlag(db: Database, input: { projectId: number; versionId: number; row: TStaleFlagRow }): Promise<boolean> {
  const { row } = input;
  const itemId = Number(row.item_id);
  return db.transaction(async (tx) => {
    const locked = await tx.execute<{ status: TItemStatus; final_source: TFinalLabelSource | null }>(
      sql`select status, final_source from items where id = ${itemId} for update`,
    );
    const item = locked.rows[0];
    if (!item) return false;
    // Under the item's lock: a reviewer may have closed the task since it was read.
    const closed = await tx.execute<{ id: number | string }>(sql`
      update review_tasks set status = 'dismissed', resolved_at = now(), resolved_by = null
      where id = ${Number(row.task_id)} and status = 'open' returning id`);
    if (closed.rows.length === 0) return false;
    let status = item.status;
    if (status === 'in_review' && !(await hasOpenReviewTask(tx, itemId))) {
      status = item.final_source === 'review' ? 'reviewed' : 'labeled';
      await tx.execute(sql`update items set status = ${status}, updated_at = now() where id = ${itemId}`);
    }
    await recordAuditEvent(tx, {
      actor: null,
      projectId: input.projectId,
      action: 'review.task.withdraw',
      subjectType: 'item',
      subjectId: itemId,
      before: { taskId: Number(row.task_id), reason: 'model_disagrees', status: 'open', details: row.details, itemStatus: item.status },
      after: {
        taskId: Number(row.task_id),
        status: 'dismissed',
        itemStatus: status,
        why: 'the model version that scored the pool last no longer confidently disagrees with the final label',
        modelVersionId: input.versionId,
        prediction: { labelId: row.predicted_label_id, score: roundProbability(Number(row.score)) },
        finalLabelId: row.final_label_id,
      },
    });
    return true;
  });
}

function roundProbability(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

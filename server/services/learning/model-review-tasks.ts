import type { Database } from '@/db/client';
import type { TReviewReason } from '@/db/schema';
import type { LabelIssue } from '@/ml/review/label-issues';
import { addReviewTask } from '@/server/services/review/review-tasks';

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

function roundProbability(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

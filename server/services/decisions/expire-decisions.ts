import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, projects } from '@/db/schema';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { notifyDecisionsChanged } from './decision-events';
import { resolveDeadline, type TDecisionPolicy, type TDeadlineOutcome } from './decision-policy';
import { settleDecision, type TDecisionChange, type TDecisionRow } from './settle-decision';

/** Cases handled per sweep (one transaction): a backlog is worked off in bounded steps. */
export const DEADLINE_SWEEP_BATCH = 100;

/**
 * Applies each project's deadline action to pending cases past their deadline, once per case
 * (`deadlineHandledAt`). Rows are claimed with SKIP LOCKED, so several workers sweep side by side
 * without waiting on each other or handling a case twice, and a case a reviewer is answering right now
 * is left for the next sweep. Returns how many cases it handled (a full batch: call again).
 */
export async function expireDecisions(db: Database, { now = new Date(), limit = DEADLINE_SWEEP_BATCH }: { now?: Date; limit?: number } = {}): Promise<{ handled: number }> {
  const settled = await db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(decisions)
      .where(and(eq(decisions.status, 'pending'), isNull(decisions.deadlineHandledAt), isNotNull(decisions.deadline), lte(decisions.deadline, now)))
      .orderBy(asc(decisions.deadline))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const projectIds = [...new Set(due.map((row) => row.projectId))];
    const settings = await tx.select({ id: projects.id, settings: projects.settings }).from(projects).where(inArray(projects.id, projectIds));
    const policies = new Map(settings.map((project) => [project.id, parseProjectSettings(project.settings).decisionPolicy]));
    const results: { id: string; messageId: string | null }[] = [];
    for (const row of due) {
      const policy = policies.get(row.projectId);
      if (!policy) continue;
      const outcome = resolveDeadline(policy, row.predictedLabel === null || row.probability === null ? null : { label: row.predictedLabel, probability: row.probability }, row.certificateId !== null);
      const { messageId } = await settleDecision(tx, row, describeDeadlineChange(row, policy, outcome, now));
      results.push({ id: row.id, messageId });
    }
    return results;
  });
  await notifyDecisionsChanged(db, settled.map(({ id }) => id));
  if (settled.some((result) => result.messageId !== null)) await wakeWorkers(db);
  return { handled: settled.length };
}

/** The row change, the 'deadline' log entry and the webhook for one outcome; the reason code goes in all three. */
function describeDeadlineChange(row: TDecisionRow, policy: TDecisionPolicy, outcome: TDeadlineOutcome, now: Date): TDecisionChange {
  const body = {
    action: policy.deadlineAction,
    outcome: outcome.status,
    reason: outcome.reason,
    deadline: row.deadline?.toISOString() ?? null,
    ...(policy.deadlineAction === 'model' ? { deadlineThreshold: policy.deadlineThreshold, probability: row.probability } : {}),
  };
  const handled = { deadlineHandledAt: now, outcomeReason: outcome.reason };
  switch (outcome.status) {
    case 'rejected':
      return { patch: { ...handled, status: 'rejected', label: null, decidedAt: now }, event: { event: 'deadline', body }, webhook: 'decision.expired' };
    case 'decided':
      return { patch: { ...handled, status: 'decided', label: outcome.label, decidedAt: now }, event: { event: 'deadline', body: { ...body, label: outcome.label } }, webhook: 'decision.decided' };
    case 'escalated':
      return {
        patch: { ...handled, escalationLevel: row.escalationLevel + 1 },
        event: { event: 'deadline', body: { ...body, fromLevel: row.escalationLevel, toLevel: row.escalationLevel + 1 } },
        webhook: 'decision.escalated',
      };
    case 'pending':
      // The case keeps waiting for a person; only the record says the deadline passed.
      return { patch: { deadlineHandledAt: now }, event: { event: 'deadline', body }, webhook: null };
  }
}

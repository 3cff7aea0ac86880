import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionReviews, decisions, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import { loadDecisionPolicy } from './load-decision-policy';
import { visibleToReviewerSql, type TQueueViewer } from './list-decision-queue';
import { describeRouteReason } from './route-reason-text';

/**
 * One case as a reviewer answers it: the full text, the payload as formatted JSON, the metadata, the
 * model's suggestion (null when the case is blind: hidden from the reviewer's data, not only the screen), why
 * it was routed to people, the deadline, the approvals so far and the answers of earlier levels. A
 * hidden gold check is read by the same code into the same shape: nothing here tells it from a case.
 */
export async function getDecisionCase(db: Database, projectId: number, viewer: TQueueViewer, decisionId: string) {
  const [row] = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.id, decisionId), eq(decisions.projectId, projectId)));
  if (!row) throw new AppError('NOT_FOUND', 'This case is not part of the project');
  const policy = await loadDecisionPolicy(db, projectId);
  const [reviews, [visibility]] = await Promise.all([
    db
      .select({
        reviewerName: users.name,
        answer: decisionReviews.answer,
        label: decisionReviews.label,
        reason: decisionReviews.reason,
        escalationLevel: decisionReviews.escalationLevel,
        createdAt: decisionReviews.createdAt,
      })
      .from(decisionReviews)
      .innerJoin(users, eq(users.id, decisionReviews.reviewerId))
      .where(eq(decisionReviews.decisionId, row.id))
      .orderBy(asc(decisionReviews.id)),
    db.execute<{ can_answer: boolean }>(sql`select ${visibleToReviewerSql(viewer)} as can_answer from decisions d where d.id = ${row.id}`).then((result) => result.rows),
  ]);
  const isAudit = row.status === 'decided' && row.route === 'auto' && row.audit;
  const current = reviews.filter((review) => review.escalationLevel === row.escalationLevel);
  // Hidden for this case (its draw at intake from the policy's blind share) or for every case (blind review).
  const isBlind = row.suggestionHidden || policy.blindReview;
  return {
    id: row.id,
    status: row.status,
    isAudit,
    /** Approval queues: the proposed action is approved as it is, or edited, or rejected. */
    isApprovalQueue: row.policy.mode === 'human_only' && !isAudit,
    canAnswer: Boolean(visibility?.can_answer),
    text: row.text,
    payloadJson: row.payload === null ? null : JSON.stringify(row.payload, null, 2),
    metadata: row.metadata,
    inputHash: row.inputHash,
    isBlind,
    suggestion:
      isBlind || row.predictedLabel === null || row.probability === null
        ? null
        : { label: row.predictedLabel, probability: row.probability, probabilities: row.probabilities ?? {} },
    /** The model's answer an audit checks (hidden in blind review like any suggestion). */
    automaticLabel: isAudit && !isBlind ? row.label : null,
    routeReason: row.routeReason,
    routeReasonText: describeRouteReason(row.routeReason),
    deadline: row.deadline,
    isBreached: row.status === 'pending' && row.deadline !== null && row.deadline.getTime() <= Date.now(),
    approvals: current.filter((review) => review.answer === 'approve' || review.answer === 'override').length,
    requiredApprovals: row.requiredApprovals,
    escalationLevel: row.escalationLevel,
    /** Answers of earlier levels (why it was escalated); partners at this level stay unseen, so each answers on their own. */
    earlierAnswers: reviews.filter((review) => review.escalationLevel < row.escalationLevel),
    createdAt: row.createdAt,
  };
}
export type TDecisionCase = Awaited<ReturnType<typeof getDecisionCase>>;

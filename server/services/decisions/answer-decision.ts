import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionReviews, decisions, projectLabels, type TDecisionAnswer as TAnswerKind } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { TProjectRole } from '@/server/auth/roles';
import { AppError, getPgErrorCode, PG_UNIQUE_VIOLATION } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { recordAuditOutcome } from '@/server/services/oversight/record-audit-outcome';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { notifyLabelsChanged } from '@/server/services/learning/notify-labels-changed';
import type { TDecisionLogEvent } from './append-decision-log';
import type { TDecisionAnswer } from './decision-answer-input';
import { notifyDecisionsChanged } from './decision-events';
import { recordDecisionFeedback } from './decision-feedback';
import { requiredApprovalsFor, type TDecisionPolicy } from './decision-policy';
import { toDecisionView, type TDecisionView } from './decision-view';
import { hashDecisionInput } from './hash-decision-input';
import { loadDecisionPolicy } from './load-decision-policy';
import { settleDecision, type TDecisionChange, type TDecisionRow } from './settle-decision';

export type TAnswerOutcome = 'recorded' | 'decided' | 'rejected' | 'escalated' | 'audited';

export type TAnswerResult = { outcome: TAnswerOutcome; decision: TDecisionView };

/** The reviewer and their role in the project (managers may answer escalated cases they saw before). */
export type TReviewer = { actor: TActor; role: TProjectRole | 'admin' };

type TResolvedAnswer = { answer: TAnswerKind; label: string | null; reason: string | null };

/**
 * Records a reviewer's answer to a pending case (or to the random audit of an automatic decision) and,
 * when it completes the case, settles it: M-of-N agreement decides, a rejection refuses, an escalation
 * or a disagreement moves the case to the next level. The decision row is locked for the whole
 * transaction, so two reviewers answering at once settle it once.
 *
 * A hidden gold check (gold-checks.ts) goes through exactly the same steps, so its answer, its outcome
 * and the view returned are those a real case would give; it differs only after the commit point
 * nobody sees: no webhook (settleDecision) and no training label (recordDecisionFeedback). The
 * reviewer's answer is scored against its gold label by reviewer-reliance.ts.
 */
export async function answerDecision(db: Database, reviewer: TReviewer, projectId: number, input: TDecisionAnswer): Promise<TAnswerResult> {
  const result = await db
    .transaction((tx) => answerInTransaction(tx, reviewer, projectId, input))
    .catch((error: unknown) => {
      // Two requests of the same reviewer raced past the check: the unique index refused the second.
      if (getPgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new AppError('CONFLICT', 'You have already answered this case');
      throw error;
    });
  await notifyDecisionsChanged(db, [result.row.id]);
  if (result.messageId) await wakeWorkers(db);
  if (result.hasNewLabel) await notifyLabelsChanged(db, projectId);
  return { outcome: result.outcome, decision: toDecisionView(result.row) };
}

async function answerInTransaction(tx: Database, reviewer: TReviewer, projectId: number, input: TDecisionAnswer) {
  const [row] = await tx
    .select()
    .from(decisions)
    .where(and(eq(decisions.id, input.decisionId), eq(decisions.projectId, projectId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'This case is not part of the project');
  const policy = await loadDecisionPolicy(tx, projectId);
  if (input.inputHash !== row.inputHash) throw new AppError('CONFLICT', 'The case’s input is not the one you were shown; reload it and answer again');
  const isAudit = row.status === 'decided' && row.route === 'auto' && row.audit;
  if (!isAudit && row.status !== 'pending') throw new AppError('CONFLICT', 'This case is already settled');
  const reviews = await tx.select().from(decisionReviews).where(eq(decisionReviews.decisionId, row.id)).orderBy(asc(decisionReviews.id));
  const userId = reviewer.actor.userId;
  if (isAudit) {
    if (row.auditedAt !== null || reviews.length > 0) throw new AppError('CONFLICT', 'This decision has already been audited');
  } else {
    if (reviews.some((review) => review.reviewerId === userId && review.escalationLevel === row.escalationLevel)) {
      throw new AppError('CONFLICT', 'You have already answered this case');
    }
    const isManager = reviewer.role === 'manager' || reviewer.role === 'admin';
    if (!isManager && reviews.some((review) => review.reviewerId === userId && review.escalationLevel < row.escalationLevel)) {
      throw new AppError('FORBIDDEN', 'You answered this case before it was escalated: a second reviewer decides it now');
    }
  }
  const isApprovalQueue = row.policy.mode === 'human_only';
  // What this reviewer saw: the case's own draw (the policy's blind share, at intake), or blind review for every case.
  const isBlind = row.suggestionHidden || policy.blindReview;
  const resolved = await resolveAnswer(tx, row, input, { isBlind, isApprovalQueue: isApprovalQueue && !isAudit, isAudit });
  if (input.editedPayload !== undefined && !(isApprovalQueue && !isAudit && resolved.answer === 'approve')) {
    throw new AppError('BAD_REQUEST', 'Only an approval in an approval queue may edit the payload');
  }
  const editedPayload = input.editedPayload;
  const approvedHash = editedPayload === undefined ? row.inputHash : hashDecisionInput(row.text, editedPayload);
  const [review] = await tx
    .insert(decisionReviews)
    .values({
      decisionId: row.id,
      reviewerId: userId,
      answer: resolved.answer,
      label: resolved.label,
      reason: resolved.reason,
      inputHash: row.inputHash,
      editedPayload: editedPayload ?? null,
      suggestionShown: !isBlind,
      escalationLevel: isAudit ? 0 : row.escalationLevel,
    })
    .returning();
  if (!review) throw new Error('review insert returned nothing');
  if (resolved.answer === 'override') {
    await recordAuditEvent(tx, {
      actor: reviewer.actor,
      projectId,
      action: 'decision.override',
      subjectType: 'decision',
      subjectId: row.id,
      before: { predictedLabel: row.predictedLabel, status: row.status, label: row.label },
      // The audit trail is the managers' (project.manage): it may say what reviewers must not see.
      after: { label: resolved.label, reason: resolved.reason, audit: isAudit, suggestionShown: !isBlind, ...(row.goldLabel === null ? {} : { goldCheck: true }) },
    });
  }
  const reviewed: TDecisionLogEvent = {
    decisionId: row.id,
    event: 'reviewed',
    body: {
      reviewerId: userId,
      answer: resolved.answer,
      label: resolved.label,
      reason: resolved.reason,
      inputHash: row.inputHash,
      ...(editedPayload === undefined ? {} : { editedPayload, editedInputHash: approvedHash, previousPayload: row.payload ?? null }),
      suggestionShown: !isBlind,
      escalationLevel: review.escalationLevel,
      ...(isAudit ? { audit: true, agreesWithModel: resolved.label === row.label } : {}),
    },
  };
  if (isAudit) return finishAudit(tx, row, resolved, reviewed, userId);
  const change = decideNextStep(row, [...reviews, review], policy, { approvedHash, editedPayload, reviewerId: userId, resolved });
  const { row: updated, messageId } = await settleDecision(tx, row, { ...change, preceding: [reviewed] });
  let hasNewLabel = false;
  if (updated.status === 'decided' && updated.label !== null) {
    const agreeing = [...reviews, review].filter((r) => r.escalationLevel === row.escalationLevel && r.label === updated.label).map((r) => r.reviewerId);
    const feedback = await recordDecisionFeedback(tx, {
      decision: { id: updated.id, projectId, text: updated.text, label: updated.label, goldLabel: updated.goldLabel },
      reviewerIds: agreeing,
      isUniformSample: row.sampled,
    });
    hasNewLabel = feedback?.isCreated ?? false;
  }
  const outcome: TAnswerOutcome = updated.status === 'pending' ? (updated.escalationLevel > row.escalationLevel ? 'escalated' : 'recorded') : updated.status;
  return { row: updated, messageId, outcome, hasNewLabel };
}

/** An audit answer is on the record and becomes evaluation data; the automatic answer stands. */
async function finishAudit(tx: Database, row: TDecisionRow, resolved: TResolvedAnswer, reviewed: TDecisionLogEvent, userId: string) {
  const { row: updated } = await settleDecision(tx, row, { patch: { auditedAt: new Date() }, preceding: [reviewed], event: null, webhook: null });
  await recordAuditOutcome(tx, { projectId: row.projectId, decisionId: row.id, certificateId: row.certificateId, modelLabel: row.label, auditLabel: resolved.label });
  const feedback =
    resolved.label === null
      ? null
      : await recordDecisionFeedback(tx, { decision: { id: row.id, projectId: row.projectId, text: row.text, label: resolved.label, goldLabel: row.goldLabel }, reviewerIds: [userId], isUniformSample: true });
  return { row: updated, messageId: null, outcome: 'audited' as const, hasNewLabel: feedback?.isCreated ?? false };
}

/**
 * Checks an answer against the case and normalizes it. In blind review the reviewer never saw the
 * suggestion, so they choose a label, and it is recorded as agreeing ('approve') or disagreeing
 * ('override') with the model without asking for a reason.
 */
async function resolveAnswer(
  tx: Database,
  row: TDecisionRow,
  input: TDecisionAnswer,
  { isBlind, isApprovalQueue, isAudit }: { isBlind: boolean; isApprovalQueue: boolean; isAudit: boolean },
): Promise<TResolvedAnswer> {
  const reason = input.reason?.trim() || null;
  // An audit judges the model's answer (the decision's label); a pending case, its prediction.
  const suggestion = isAudit ? row.label : row.predictedLabel;
  const requireReason = (what: string) => {
    if (!reason) throw new AppError('BAD_REQUEST', `Give a reason to ${what}`);
    return reason;
  };
  if (isAudit && (input.answer === 'reject' || input.answer === 'escalate')) {
    throw new AppError('BAD_REQUEST', 'An audit agrees with the model’s answer or overrides it with another label');
  }
  switch (input.answer) {
    case 'reject':
      return { answer: 'reject', label: null, reason: requireReason('reject this case') };
    case 'escalate':
      return { answer: 'escalate', label: null, reason: requireReason('escalate this case') };
    case 'approve': {
      const label = input.label ?? null;
      if (label === null) {
        if (isBlind && suggestion !== null && !isApprovalQueue) throw new AppError('BAD_REQUEST', 'Blind review: choose a label');
        if (suggestion === null && !isApprovalQueue) throw new AppError('BAD_REQUEST', 'There is no suggestion to approve: choose a label');
        return { answer: 'approve', label: isBlind ? null : suggestion, reason };
      }
      await assertProjectLabel(tx, row.projectId, label);
      if (label === suggestion) return { answer: 'approve', label, reason };
      if (isBlind || suggestion === null) return { answer: 'override', label, reason };
      throw new AppError('BAD_REQUEST', 'Approving agrees with the suggestion; to choose another label, override it with a reason');
    }
    case 'override': {
      const label = input.label ?? null;
      if (label === null) throw new AppError('BAD_REQUEST', 'Choose the label that overrides the suggestion');
      await assertProjectLabel(tx, row.projectId, label);
      if (label === suggestion) {
        if (isBlind) return { answer: 'approve', label, reason };
        throw new AppError('BAD_REQUEST', 'That is the suggestion itself: approve it instead');
      }
      return { answer: 'override', label, reason: isBlind || suggestion === null ? reason : requireReason('override the suggestion') };
    }
  }
}

async function assertProjectLabel(tx: Database, projectId: number, name: string): Promise<void> {
  const [label] = await tx
    .select({ id: projectLabels.id })
    .from(projectLabels)
    .where(and(eq(projectLabels.projectId, projectId), eq(projectLabels.name, name), isNull(projectLabels.archivedAt)));
  if (!label) throw new AppError('BAD_REQUEST', 'That label is not in this project’s label set');
}

type TReviewRow = typeof decisionReviews.$inferSelect;

/**
 * What the case becomes after the latest answer. A rejection refuses it and an escalation moves it to
 * the next level at once; otherwise it is decided when as many distinct reviewers as the label needs
 * (M of N for high-stakes labels) approved the same label on the same input, and escalated when the
 * reviewers of this level disagree.
 */
function decideNextStep(
  row: TDecisionRow,
  reviews: readonly TReviewRow[],
  policy: TDecisionPolicy,
  latest: { approvedHash: string; editedPayload: unknown; reviewerId: string; resolved: TResolvedAnswer },
): Omit<TDecisionChange, 'preceding'> {
  const { resolved, reviewerId } = latest;
  const now = new Date();
  const escalate = (reason: string, body: Record<string, unknown>): Omit<TDecisionChange, 'preceding'> => ({
    patch: { escalationLevel: row.escalationLevel + 1, outcomeReason: reason },
    event: { event: 'escalated', body: { fromLevel: row.escalationLevel, toLevel: row.escalationLevel + 1, reason, ...body } },
    webhook: 'decision.escalated',
  });
  if (resolved.answer === 'reject') {
    return {
      patch: { status: 'rejected', label: null, decidedBy: reviewerId, outcomeReason: resolved.reason, decidedAt: now },
      event: { event: 'rejected', body: { by: reviewerId, reason: resolved.reason } },
      webhook: 'decision.rejected',
    };
  }
  if (resolved.answer === 'escalate') return escalate('reviewer_escalated', { by: reviewerId, note: resolved.reason });
  // An edit changes what is being approved: from now on the case's input is the edited one.
  const inputPatch = latest.editedPayload === undefined ? {} : { payload: latest.editedPayload, inputHash: latest.approvedHash };
  const approvals = reviews.filter((review) => review.escalationLevel === row.escalationLevel && (review.answer === 'approve' || review.answer === 'override'));
  const approvedHashOf = (review: TReviewRow) => (review.editedPayload === null ? review.inputHash : hashDecisionInput(row.text, review.editedPayload));
  const agreeing = approvals.filter((review) => review.label === resolved.label && approvedHashOf(review) === latest.approvedHash);
  if (agreeing.length < approvals.length) {
    return escalate('reviewers_disagree', { answers: approvals.map((review) => ({ reviewerId: review.reviewerId, label: review.label, inputHash: approvedHashOf(review) })) });
  }
  const required = requiredApprovalsFor(policy, resolved.label);
  const reviewers = [...new Set(agreeing.map((review) => review.reviewerId))];
  if (reviewers.length < required) return { patch: { ...inputPatch, requiredApprovals: required }, event: null, webhook: null };
  return {
    patch: { ...inputPatch, status: 'decided', label: resolved.label, decidedBy: reviewerId, outcomeReason: resolved.reason ?? 'reviewer', decidedAt: now, requiredApprovals: required },
    event: { event: 'decided', body: { by: reviewers, label: resolved.label, requiredApprovals: required, inputHash: latest.approvedHash } },
    webhook: 'decision.decided',
  };
}

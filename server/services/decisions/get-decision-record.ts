import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionLog, decisionReviews, decisions, users, webhookAttempts, webhookDeliveries, type TDecisionAnswer, type TWebhookDeliveryStatus } from '@/db/schema';
import { AppError } from '@/server/errors';
import { toDecisionView, type TDecisionView } from './decision-view';

export type TDecisionRecord = {
  decision: TDecisionView & { text: string; payload: unknown; policy: Record<string, unknown>; decidedByName: string | null; updatedAt: string };
  log: { seq: number; event: string; body: unknown; hash: string; prevHash: string; createdAt: string }[];
  reviews: {
    id: number;
    reviewerId: string;
    reviewerName: string;
    answer: TDecisionAnswer;
    label: string | null;
    reason: string | null;
    inputHash: string;
    editedPayload: unknown;
    suggestionShown: boolean;
    escalationLevel: number;
    createdAt: string;
  }[];
  deliveries: {
    id: number;
    messageId: string;
    eventType: string;
    url: string;
    status: TWebhookDeliveryStatus;
    attempts: number;
    nextAttemptAt: string | null;
    lastStatusCode: number | null;
    lastError: string | null;
    deliveredAt: string | null;
    createdAt: string;
    attemptLog: { id: number; attemptedAt: string; durationMs: number; statusCode: number | null; error: string | null; requestedByName: string | null }[];
  }[];
};

/** Entries, reviews and deliveries shown per decision: a case has a handful; the cap only bounds a pathological one. */
const MAX_ROWS = 500;

/**
 * Everything on the record for one decision: the decision as the API shows it plus its input and
 * policy, its decision log entries (with their hashes), each reviewer's answer, and every webhook
 * delivery with its attempts. A decision of another project is "not found", like a missing one.
 */
export async function getDecisionRecord(db: Database, projectId: number, decisionId: string): Promise<TDecisionRecord> {
  const [row] = await db
    .select({ decision: decisions, decidedByName: users.name })
    .from(decisions)
    .leftJoin(users, eq(users.id, decisions.decidedBy))
    .where(and(eq(decisions.id, decisionId), eq(decisions.projectId, projectId)));
  if (!row) throw new AppError('NOT_FOUND', 'Decision not found');
  const [log, reviews, deliveries] = await Promise.all([
    db
      .select()
      .from(decisionLog)
      .where(and(eq(decisionLog.projectId, projectId), eq(decisionLog.decisionId, decisionId)))
      .orderBy(asc(decisionLog.seq))
      .limit(MAX_ROWS),
    db
      .select({ review: decisionReviews, reviewerName: users.name })
      .from(decisionReviews)
      .innerJoin(users, eq(users.id, decisionReviews.reviewerId))
      .where(eq(decisionReviews.decisionId, decisionId))
      .orderBy(asc(decisionReviews.createdAt), asc(decisionReviews.id))
      .limit(MAX_ROWS),
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, decisionId)).orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id)).limit(MAX_ROWS),
  ]);
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .select({ attempt: webhookAttempts, requestedByName: users.name })
          .from(webhookAttempts)
          .leftJoin(users, eq(users.id, webhookAttempts.requestedBy))
          .where(
            inArray(
              webhookAttempts.deliveryId,
              deliveries.map((d) => d.id),
            ),
          )
          .orderBy(desc(webhookAttempts.attemptedAt), desc(webhookAttempts.id))
          .limit(MAX_ROWS);
  const { decision } = row;
  return {
    decision: {
      ...toDecisionView(decision),
      text: decision.text,
      payload: decision.payload,
      policy: decision.policy,
      decidedByName: row.decidedByName,
      updatedAt: decision.updatedAt.toISOString(),
    },
    log: log.map((entry) => ({ seq: entry.seq, event: entry.event, body: entry.body, hash: entry.hash, prevHash: entry.prevHash, createdAt: entry.createdAt.toISOString() })),
    reviews: reviews.map(({ review, reviewerName }) => ({
      id: review.id,
      reviewerId: review.reviewerId,
      reviewerName,
      answer: review.answer,
      label: review.label,
      reason: review.reason,
      inputHash: review.inputHash,
      editedPayload: review.editedPayload,
      suggestionShown: review.suggestionShown,
      escalationLevel: review.escalationLevel,
      createdAt: review.createdAt.toISOString(),
    })),
    deliveries: deliveries.map((delivery) => ({
      id: delivery.id,
      messageId: delivery.messageId,
      eventType: delivery.eventType,
      url: delivery.url,
      status: delivery.status,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
      lastStatusCode: delivery.lastStatusCode,
      lastError: delivery.lastError,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      createdAt: delivery.createdAt.toISOString(),
      attemptLog: attempts
        .filter(({ attempt }) => attempt.deliveryId === delivery.id)
        .map(({ attempt, requestedByName }) => ({
          id: attempt.id,
          attemptedAt: attempt.attemptedAt.toISOString(),
          durationMs: attempt.durationMs,
          statusCode: attempt.statusCode,
          error: attempt.error,
          requestedByName,
        })),
    })),
  };
}

import type { Readable } from 'node:stream';
import { and, asc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { DECISION_STATUSES, decisionReviews, decisions, users, webhookDeliveries } from '@/db/schema';
import { exportDecisionRecords, type TDecisionExportFormat, type TDecisionExportRecord } from '@/server/export/write-decision-records';
import { toDecisionView } from './decision-view';

/** A form's empty field means "no filter", as in a query string from a plain GET form. */
const emptyAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Which decisions an export holds: by status and by when they arrived ([from, to)). */
export const ZDecisionExportFilter = z.object({
  status: emptyAsAbsent(z.enum(DECISION_STATUSES)),
  from: emptyAsAbsent(z.coerce.date()),
  to: emptyAsAbsent(z.coerce.date()),
});
export type TDecisionExportFilter = z.infer<typeof ZDecisionExportFilter>;

const PAGE_SIZE = 1_000;

/** Where the last page ended. The time is PostgreSQL's own text (microseconds): a JS Date would round it and repeat rows. */
type TPageKey = { createdAt: string; id: string };

/**
 * A project's decisions with their whole record, streamed: read a page at a time in arrival order
 * (keyset on created_at, id), so memory stays flat however many there are, and a slow reader
 * throttles the reads. Hidden gold checks are left out.
 */
export function streamDecisionExport(db: Database, projectId: number, format: TDecisionExportFormat, filter: TDecisionExportFilter = {}): Readable {
  return exportDecisionRecords(readDecisionExportPages(db, projectId, filter), format);
}

export async function* readDecisionExportPages(db: Database, projectId: number, filter: TDecisionExportFilter, pageSize = PAGE_SIZE): AsyncGenerator<TDecisionExportRecord[]> {
  let after: TPageKey | null = null;
  for (;;) {
    const page = await readPage(db, projectId, filter, after, pageSize);
    if (page.records.length > 0) yield page.records;
    if (page.records.length < pageSize || !page.last) return;
    after = page.last;
  }
}

const decider = alias(users, 'decider');

async function readPage(
  db: Database,
  projectId: number,
  filter: TDecisionExportFilter,
  after: TPageKey | null,
  pageSize: number,
): Promise<{ records: TDecisionExportRecord[]; last: TPageKey | null }> {
  const conditions: (SQL | undefined)[] = [
    eq(decisions.projectId, projectId),
    // Gold checks test reviewers; they are no decision of the project's (reviewer-reliance.ts reports them).
    isNull(decisions.goldLabel),
    filter.status ? eq(decisions.status, filter.status) : undefined,
    filter.from ? gte(decisions.createdAt, filter.from) : undefined,
    filter.to ? lt(decisions.createdAt, filter.to) : undefined,
    after ? or(gt(decisions.createdAt, sql`${after.createdAt}::timestamptz`), and(eq(decisions.createdAt, sql`${after.createdAt}::timestamptz`), gt(decisions.id, after.id))) : undefined,
  ];
  const rows = await db
    .select({ decision: decisions, createdAtKey: sql<string>`${decisions.createdAt}::text`, deciderName: decider.name, deciderEmail: decider.email })
    .from(decisions)
    .leftJoin(decider, eq(decider.id, decisions.decidedBy))
    .where(and(...conditions))
    .orderBy(asc(decisions.createdAt), asc(decisions.id))
    .limit(pageSize);
  if (rows.length === 0) return { records: [], last: null };
  const ids = rows.map((row) => row.decision.id);
  const [reviews, deliveries] = await Promise.all([
    db
      .select({ review: decisionReviews, name: users.name, email: users.email })
      .from(decisionReviews)
      .innerJoin(users, eq(users.id, decisionReviews.reviewerId))
      .where(inArray(decisionReviews.decisionId, ids))
      .orderBy(asc(decisionReviews.createdAt), asc(decisionReviews.id)),
    db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.decisionId, ids)).orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id)),
  ]);
  const reviewsById = groupBy(reviews, (r) => r.review.decisionId);
  const deliveriesById = groupBy(deliveries, (d) => d.decisionId);
  const records = rows.map(({ decision, deciderName, deciderEmail }): TDecisionExportRecord => {
    const view = toDecisionView(decision);
    const sent = deliveriesById.get(decision.id) ?? [];
    return {
      id: decision.id,
      created_at: view.createdAt,
      status: decision.status,
      route: decision.route,
      route_reason: decision.routeReason,
      audit: decision.audit,
      label: decision.label,
      decided_by: view.decidedBy,
      decided_by_name: deciderName,
      decided_by_email: deciderEmail,
      outcome_reason: decision.outcomeReason,
      decided_at: view.decidedAt,
      deadline: view.deadline,
      input_hash: decision.inputHash,
      model_version_id: decision.modelVersionId,
      model_hash: decision.modelHash,
      predicted_label: decision.predictedLabel,
      probability: decision.probability,
      probabilities: decision.probabilities,
      threshold: view.threshold,
      certificate: decision.certificate,
      policy: decision.policy,
      required_approvals: decision.requiredApprovals,
      escalation_level: decision.escalationLevel,
      reviews: (reviewsById.get(decision.id) ?? []).map(({ review, name, email }) => ({
        reviewer: name,
        reviewer_email: email,
        answer: review.answer,
        label: review.label,
        reason: review.reason,
        input_hash: review.inputHash,
        suggestion_shown: review.suggestionShown,
        escalation_level: review.escalationLevel,
        at: review.createdAt.toISOString(),
      })),
      webhook_status: sent.at(-1)?.status ?? null,
      webhooks: sent.map((d) => ({
        message_id: d.messageId,
        event_type: d.eventType,
        url: d.url,
        status: d.status,
        attempts: d.attempts,
        last_status_code: d.lastStatusCode,
        last_error: d.lastError,
        delivered_at: d.deliveredAt?.toISOString() ?? null,
      })),
      text: decision.text,
      payload: decision.payload ?? null,
      metadata: decision.metadata,
    };
  });
  const last = rows.at(-1)!;
  return { records, last: { createdAt: last.createdAtKey, id: last.decision.id } };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

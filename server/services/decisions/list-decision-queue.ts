import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TProjectRole } from '@/server/auth/roles';
import { countQueueForChecks, goldCheckFilterSql, topUpGoldChecks } from './gold-checks';
import { loadDecisionPolicy } from './load-decision-policy';
import { describeRouteReason } from './route-reason-text';

const QUEUE_LIMIT = 100;
const PREVIEW_CHARACTERS = 240;

export type TQueueReason = 'pending' | 'escalated' | 'audit';

export type TDecisionQueueEntry = {
  id: string;
  /** 'audit': an automatic decision drawn at random for a person to check. */
  reason: TQueueReason;
  preview: string;
  /** The model's suggestion; null when there is none or the case is blind (its own draw, or blind review). */
  suggestion: { label: string; probability: number } | null;
  routeReason: string;
  routeReasonText: string;
  deadline: Date | null;
  isBreached: boolean;
  approvals: number;
  requiredApprovals: number;
  escalationLevel: number;
  createdAt: Date;
};

export type TDecisionQueue = {
  entries: TDecisionQueueEntry[];
  /** Cases waiting for this reviewer, audits included (the list shows the first QUEUE_LIMIT). */
  total: number;
  /** Blind review: every suggestion is hidden (with a blind share only some are, case by case). */
  isBlind: boolean;
  isStopped: boolean;
};

export type TQueueViewer = { userId: string; role: TProjectRole | 'admin' };

/**
 * The cases a reviewer may answer now: pending cases they have not answered at the case's current
 * level (a partner's M-of-N approval is waiting for others, not for them again); escalated cases only
 * when they did not answer them at a lower level, unless they manage the project; and random audits of
 * automatic decisions nobody has audited yet.
 */
export function visibleToReviewerSql(viewer: TQueueViewer): SQL {
  const isManager = viewer.role === 'manager' || viewer.role === 'admin';
  return sql`(
    (d.status = 'pending'
      and not exists (select 1 from decision_reviews r where r.decision_id = d.id and r.reviewer_id = ${viewer.userId} and r.escalation_level = d.escalation_level)
      and (d.escalation_level = 0 or ${isManager}::boolean
        or not exists (select 1 from decision_reviews r where r.decision_id = d.id and r.reviewer_id = ${viewer.userId} and r.escalation_level < d.escalation_level)))
    or (d.audit and d.status = 'decided' and d.audited_at is null and d.route = 'auto'))`;
}

/**
 * The reviewers' queue, most urgent first: cases past their deadline (longest overdue first), then the
 * nearest deadlines, then cases without one by age (pending cases before audits). A blind case's
 * suggestion is hidden here, not only on screen. With a gold share, loading the queue first tops up
 * the reviewer's hidden gold checks (gold-checks.ts); they are listed by the same query and rules.
 */
export async function listDecisionQueue(db: Database, projectId: number, viewer: TQueueViewer): Promise<TDecisionQueue> {
  const policy = await loadDecisionPolicy(db, projectId);
  const visible = sql`${visibleToReviewerSql(viewer)} and ${goldCheckFilterSql(policy.goldShare)}`;
  if (policy.goldShare > 0) {
    const counts = await countQueueForChecks(db, projectId, policy.goldShare, visible);
    // The checks are an extra: a failure to add them must not keep a reviewer from the real cases.
    await topUpGoldChecks(db, projectId, policy.goldShare, visible, counts).catch((error: unknown) => {
      console.error(`[decisions] gold checks for project ${projectId} could not be topped up:`, error);
    });
  }
  const [rows, count] = await Promise.all([
    db.execute<{
      id: string;
      status: string;
      preview: string;
      predicted_label: string | null;
      probability: number | null;
      suggestion_hidden: boolean;
      route_reason: string;
      deadline: Date | string | null;
      is_breached: boolean;
      approvals: number | string;
      required_approvals: number;
      escalation_level: number;
      created_at: Date | string;
    }>(sql`
      select d.id, d.status, left(d.text, ${PREVIEW_CHARACTERS}) as preview, d.predicted_label, d.probability, d.suggestion_hidden, d.route_reason, d.deadline,
        (d.status = 'pending' and d.deadline is not null and d.deadline <= now()) as is_breached,
        (select count(*) from decision_reviews r where r.decision_id = d.id and r.escalation_level = d.escalation_level and r.answer in ('approve', 'override')) as approvals,
        d.required_approvals, d.escalation_level, d.created_at
      from decisions d
      where d.project_id = ${projectId} and ${visible}
      order by (d.status = 'pending' and d.deadline is not null and d.deadline <= now()) desc, d.deadline asc nulls last, (d.status <> 'pending'), d.created_at, d.id
      limit ${QUEUE_LIMIT}`),
    db.execute<{ n: number | string }>(sql`select count(*) as n from decisions d where d.project_id = ${projectId} and ${visible}`),
  ]);
  return {
    entries: rows.rows.map((row) => ({
      id: row.id,
      reason: row.status !== 'pending' ? 'audit' : row.escalation_level > 0 ? 'escalated' : 'pending',
      preview: row.preview,
      suggestion:
        row.suggestion_hidden || policy.blindReview || row.predicted_label === null || row.probability === null ? null : { label: row.predicted_label, probability: Number(row.probability) },
      routeReason: row.route_reason,
      routeReasonText: describeRouteReason(row.route_reason),
      deadline: row.deadline === null ? null : new Date(row.deadline),
      isBreached: row.is_breached,
      approvals: Number(row.approvals),
      requiredApprovals: row.required_approvals,
      escalationLevel: row.escalation_level,
      createdAt: new Date(row.created_at),
    })),
    total: Number(count.rows[0]?.n ?? 0),
    isBlind: policy.blindReview,
    isStopped: policy.stopped,
  };
}

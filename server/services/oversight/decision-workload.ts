import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** Days of traffic and of reviewers' answers the projection is measured on. */
export const TRAFFIC_DAYS = 7;
export const CAPACITY_DAYS = 14;

export type TDecisionWorkload = {
  /** Cases a day over the last TRAFFIC_DAYS days (or since the first case, if later). */
  casesPerDay: number;
  trafficDays: number;
  /** Share of cases the always-escalate rules send to people whatever the threshold. */
  ruleShare: number;
  /** What reviewers answered: per day with any answer, over the last CAPACITY_DAYS days; null before any answer. */
  capacity: { answersPerDay: number; reviewers: number; days: number } | null;
};

/**
 * What a threshold means for people: current traffic, the part that goes to people whatever the
 * model says, and how much reviewers have been answering (the Thresholds page projects cases to
 * people at any coverage from these, workload-summary.tsx). Hidden gold checks are not traffic.
 */
export async function getDecisionWorkload(db: Database, projectId: number, now = new Date()): Promise<TDecisionWorkload> {
  const traffic = await db.execute<{ cases: string | number; ruled: string | number; first: Date | string | null }>(sql`
    select count(*) as cases, count(*) filter (where route_reason like 'escalate%') as ruled, min(created_at) as first
    from decisions
    where project_id = ${projectId} and gold_label is null and created_at > ${now}::timestamptz - make_interval(days => ${TRAFFIC_DAYS})`);
  const cases = Number(traffic.rows[0]!.cases);
  const first = traffic.rows[0]!.first ? new Date(traffic.rows[0]!.first) : null;
  // A project younger than the window is measured over its own age (at least a day, so one burst is not a rate).
  const trafficDays = first ? Math.min(TRAFFIC_DAYS, Math.max(1, (now.getTime() - first.getTime()) / 86_400_000)) : TRAFFIC_DAYS;
  const answers = await db.execute<{ answers: string | number; reviewers: string | number; days: string | number }>(sql`
    select count(*) as answers, count(distinct r.reviewer_id) as reviewers, count(distinct date_trunc('day', r.created_at)) as days
    from decision_reviews r join decisions d on d.id = r.decision_id
    where d.project_id = ${projectId} and r.created_at > ${now}::timestamptz - make_interval(days => ${CAPACITY_DAYS})`);
  const answered = Number(answers.rows[0]!.answers);
  const days = Number(answers.rows[0]!.days);
  return {
    casesPerDay: cases / trafficDays,
    trafficDays,
    ruleShare: cases === 0 ? 0 : Number(traffic.rows[0]!.ruled) / cases,
    capacity: answered === 0 ? null : { answersPerDay: answered / days, reviewers: Number(answers.rows[0]!.reviewers), days },
  };
}

import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { clopperPearsonUpper } from '@/ml/certify/clopper-pearson';
import { clopperPearsonLower } from '@/ml/monitor/clopper-pearson-lower';
import { DEFAULT_SERIES_DAYS, MAX_SERIES_DAYS } from './oversight-limits';

const DAY_MS = 86_400_000;

/** One day of a project's decisions (UTC), for the oversight dashboard. */
export type TOversightDay = {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Cases that arrived this day (gold checks excluded, here and everywhere). */
  cases: number;
  automatic: number;
  /** automatic / cases; null without cases. */
  automationRate: number | null;
  /** People's answers to this day's cases (audits included), and how many overrode the model. */
  answers: number;
  overrides: number;
  overrideRate: number | null;
  /** This day's automatic decisions audited so far, and the audits that found the model wrong. */
  audits: number;
  auditedErrors: number;
  auditedErrorRate: number | null;
  /** Two-sided Clopper–Pearson interval at 1 − δ (δ/2 on each side); null without audits. */
  auditedErrorLow: number | null;
  auditedErrorHigh: number | null;
  /** Cases waiting for people at the end of the day (for today: now). */
  queueDepth: number;
  /** This day's cases whose deadline passed before they were settled, or that are still open past it. */
  deadlineBreaches: number;
};

type TCaseRow = { arrived: number; settled: number | null; cases: number; automatic: number; audits: number; breaches: number };
type TReviewRow = { arrived: number; answers: number; overrides: number; audited_errors: number };

/**
 * A project's decisions per day over the last `days` days (UTC), by the day each case arrived: the
 * rates then describe that day's traffic, and an audit done a week later still counts for the day
 * the model decided. The queue depth is the exception, a level, not a rate: cases that arrived before
 * the end of the day and were not settled by then, read from arrival and settlement times.
 *
 * Two grouped statements. The first reads the window's cases through (project_id, created_at), plus
 * the older cases still open when the window began (pending ones through the pending index, and the
 * ones settled since, which only a scan of the project's older human-routed cases can find: there is
 * no index on settlement time); it groups by (arrival day, settlement day), at most (days + 1)² rows.
 * The second counts the people's answers to the window's cases.
 */
export async function getOversightSeries(db: Database, projectId: number, { days = DEFAULT_SERIES_DAYS, delta, now = new Date() }: { days?: number; delta: number; now?: Date }): Promise<TOversightDay[]> {
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_SERIES_DAYS)) throw new RangeError(`days must be 1 to ${MAX_SERIES_DAYS}, got ${days}`);
  const start = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS);
  const startText = start.toISOString();
  const nowText = now.toISOString();
  // Day index from the window's start; -1 gathers everything that arrived before it.
  const dayOf = (column: SQL) => sql`floor(extract(epoch from (${column} - ${startText}::timestamptz)) / 86400)::int`;
  const caseRows = await db.execute<TCaseRow>(sql`
    with relevant as (
      select d.created_at, d.route, d.audited_at, d.deadline,
        case when d.status = 'pending' then null else coalesce(d.decided_at, d.updated_at) end as settled_at
      from decisions d
      where d.project_id = ${projectId} and d.gold_label is null and d.created_at >= ${startText}::timestamptz and d.created_at <= ${nowText}::timestamptz
      union all
      select d.created_at, d.route, d.audited_at, d.deadline, null
      from decisions d
      where d.project_id = ${projectId} and d.status = 'pending' and d.gold_label is null and d.created_at < ${startText}::timestamptz
      union all
      select d.created_at, d.route, d.audited_at, d.deadline, coalesce(d.decided_at, d.updated_at)
      from decisions d
      where d.project_id = ${projectId} and d.status <> 'pending' and d.route = 'human' and d.gold_label is null
        and d.created_at < ${startText}::timestamptz and coalesce(d.decided_at, d.updated_at) >= ${startText}::timestamptz
    )
    select greatest(${dayOf(sql`created_at`)}, -1) as arrived,
      case when settled_at is null or settled_at > ${nowText}::timestamptz then null else ${dayOf(sql`settled_at`)} end as settled,
      count(*)::int as cases,
      count(*) filter (where route = 'auto')::int as automatic,
      count(*) filter (where route = 'auto' and audited_at is not null)::int as audits,
      count(*) filter (where deadline is not null and deadline <= ${nowText}::timestamptz and deadline < coalesce(settled_at, ${nowText}::timestamptz))::int as breaches
    from relevant
    group by 1, 2`);
  const reviewRows = await db.execute<TReviewRow>(sql`
    select ${dayOf(sql`d.created_at`)} as arrived,
      count(*)::int as answers,
      count(*) filter (where r.answer = 'override')::int as overrides,
      count(*) filter (where d.route = 'auto' and d.audited_at is not null and r.label is not null and r.label <> d.label)::int as audited_errors
    from decisions d
    join decision_reviews r on r.decision_id = d.id
    where d.project_id = ${projectId} and d.gold_label is null and d.created_at >= ${startText}::timestamptz and d.created_at <= ${nowText}::timestamptz
      and (d.route = 'human' or d.audited_at is not null)
    group by 1`);
  return assembleDays(start, days, caseRows.rows, reviewRows.rows, delta);
}

function assembleDays(start: Date, days: number, caseRows: readonly TCaseRow[], reviewRows: readonly TReviewRow[], delta: number): TOversightDay[] {
  const zero = () => ({ cases: 0, automatic: 0, audits: 0, breaches: 0, arrivals: 0, settlements: 0, answers: 0, overrides: 0, auditedErrors: 0 });
  const perDay = Array.from({ length: days }, zero);
  // Open at the window's start: arrived before it and not settled before it (settled is ≥ 0 or null for these).
  let open = 0;
  for (const row of caseRows) {
    const arrived = Number(row.arrived);
    const settled = row.settled === null ? null : Number(row.settled);
    if (arrived < 0) open += row.cases;
    else if (arrived < days) {
      const day = perDay[arrived]!;
      day.cases += row.cases;
      day.automatic += row.automatic;
      day.audits += row.audits;
      day.breaches += row.breaches;
      day.arrivals += row.cases;
    }
    if (settled !== null && settled >= 0 && settled < days) perDay[settled]!.settlements += row.cases;
  }
  for (const row of reviewRows) {
    const day = perDay[Number(row.arrived)];
    if (!day) continue;
    day.answers += row.answers;
    day.overrides += row.overrides;
    day.auditedErrors += row.audited_errors;
  }
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  return perDay.map((day, i) => {
    open += day.arrivals - day.settlements;
    const hasAudits = day.audits > 0;
    return {
      day: new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10),
      cases: day.cases,
      automatic: day.automatic,
      automationRate: rate(day.automatic, day.cases),
      answers: day.answers,
      overrides: day.overrides,
      overrideRate: rate(day.overrides, day.answers),
      audits: day.audits,
      auditedErrors: day.auditedErrors,
      auditedErrorRate: rate(day.auditedErrors, day.audits),
      auditedErrorLow: hasAudits ? clopperPearsonLower(day.auditedErrors, day.audits, delta / 2) : null,
      auditedErrorHigh: hasAudits ? clopperPearsonUpper(day.auditedErrors, day.audits, delta / 2) : null,
      queueDepth: open,
      deadlineBreaches: day.breaches,
    };
  });
}

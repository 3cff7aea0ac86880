import { createHash } from 'node:crypto';
import { and, asc, count, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, items, projectLabels } from '@/db/schema';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { appendDecisionLog } from './append-decision-log';
import type { TCasePrediction } from './case-predictor';
import { hashCanonicalJson } from './decision-chain';
import { routeCase } from './decision-policy';
import { describeNewDecision } from './describe-new-decision';
import { hashDecisionInput } from './hash-decision-input';
import { readDecisionContext, type TDecisionContext } from './read-decision-context';
import { describeArrival, type TNewDecision } from './write-decisions';

/**
 * Hidden gold checks (issue 15, EU AI Act Art. 14(4)(b)): cases in the reviewers' queue whose answer
 * is known, made from the project's items with a gold label, so each reviewer's accuracy, and how it
 * moves when the model's suggestion is shown, can be measured on their real work
 * (reviewer-reliance.ts). A check is a `decisions` row with `gold_label` set: the item's text, the
 * answering model's own prediction, routed by the project's own policy (only items the policy would
 * send to people are used, so its route reason is one the real cases have), a blind draw like any
 * case's, the deadline allowance of the case that sponsored it (below), no payload, metadata or callback,
 * and `created_by` null: nobody sent it. The queue, the case and the answer read it through the same
 * code as a real case; only the public API, exports, webhooks and feedback leave it out.
 *
 * How many: each real case waiting for a reviewer "sponsors" one check with probability g/(1−g),
 * decided by a hash of its id; when a reviewer loads the queue, a check is added for every sponsor
 * among their cases that has not had one, and the audit trail records it ('decision.gold_check' on
 * the sponsoring case: the managers' record of when checks were made, and the memory that makes it
 * once per sponsor whatever order cases are answered in). So checks are about g of the cases people
 * see and answer, a lone case brings a check only g/(1−g) of the time, and a reviewer with nothing real
 * to do gets none. At most MAX_CHECKS_PER_REVIEWER wait for one reviewer and MAX_PENDING_CHECKS in a
 * project. A check is shared: whoever answers it first scores on it, and it settles like the case it
 * imitates (usually one answer). It takes its sponsor's deadline allowance, so it sorts among the
 * cases like it.
 *
 * Each gold item makes one check only, ever: nobody meets an item twice (which would give the check
 * away), and no reviewer's history is read on the queue's hot path. When no unused gold item would go
 * to people, the sponsor's audit event says so (no check) and checks stop until gold labels are added.
 */

/** Checks one reviewer may have waiting at once, whatever the share and the backlog. */
export const MAX_CHECKS_PER_REVIEWER = 50;
/** Checks waiting in a project at once. */
export const MAX_PENDING_CHECKS = 200;
/** The audit event on a sponsoring case: a check was made beside it (or could not be). */
export const GOLD_CHECK_ACTION = 'decision.gold_check';
/** Gold items one top-up reads at most, looking for unused ones that people would see. */
const MAX_ITEMS_SCANNED = 2_000;
const ITEM_PAGE = 200;
/** Candidates gathered per check wanted, so the ones used are a random pick, not the first by id. */
const CANDIDATES_PER_CHECK = 4;
/** pg_advisory_xact_lock's first key: top-ups of a project run one at a time (its id is the second key). */
const TOP_UP_LOCK_KEY = 0x51_47_43;

/** Checks per real case that make checks g of the whole: g/(1−g) (1 at the policy's maximum, g = 0.5). */
export function checksPerRealCase(goldShare: number): number {
  return goldShare > 0 ? Math.min(1, goldShare / (1 - goldShare)) : 0;
}

/** A case's draw in [0, 1): the first 32 bits of md5 of its id; it sponsors a check below checksPerRealCase. */
export function sponsorDraw(decisionId: string): number {
  return createHash('md5').update(decisionId).digest().readUInt32BE(0) / 4294967296;
}

/** The real pending case `d` sponsors a check (sponsorDraw, in SQL) and has not had one yet. */
function awaitsCheckSql(goldShare: number): SQL {
  return sql`(d.gold_label is null and d.status = 'pending'
    and ('x' || substr(md5(d.id), 1, 8))::bit(32)::bigint::float8 / 4294967296 < ${checksPerRealCase(goldShare)}::float8
    and not exists (select 1 from audit_events a where a.subject_type = 'decision' and a.subject_id = d.id and a.action = ${GOLD_CHECK_ACTION}))`;
}

export type TQueueCheckCounts = {
  /** Sponsoring cases waiting for the reviewer that have not had their check. */
  sponsors: number;
  /** Checks waiting for the reviewer. */
  checks: number;
};

/** How many checks to add for a reviewer now: one per sponsor still without one, at most MAX_CHECKS_PER_REVIEWER waiting. */
export function planGoldChecks(counts: TQueueCheckCounts): number {
  return Math.max(0, Math.min(counts.sponsors, MAX_CHECKS_PER_REVIEWER - counts.checks));
}

/** The queue's condition on `decisions d` for checks: none while the policy asks for none (switching them off empties every queue of them at once). */
export function goldCheckFilterSql(goldShare: number): SQL {
  return goldShare > 0 ? sql`true` : sql`d.gold_label is null`;
}

/** Counts a reviewer's queue (`queueSql`: its condition on `decisions d`) the way planGoldChecks needs it. */
export async function countQueueForChecks(db: Database, projectId: number, goldShare: number, queueSql: SQL): Promise<TQueueCheckCounts> {
  const result = await db.execute<{ sponsors: number | string; checks: number | string }>(sql`
    select count(*) filter (where ${awaitsCheckSql(goldShare)}) as sponsors, count(*) filter (where d.gold_label is not null) as checks
    from decisions d where d.project_id = ${projectId} and ${queueSql}`);
  const row = result.rows[0];
  return { sponsors: Number(row?.sponsors ?? 0), checks: Number(row?.checks ?? 0) };
}

/**
 * Adds the checks planGoldChecks asks for to a reviewer's queue, given its counts as the caller just
 * read them (`queueSql` as in countQueueForChecks). Runs under a per-project advisory lock and reads
 * the sponsors again inside it, so reviewers loading the queue together add each check once. Returns
 * how many it added (fewer when the project runs out of usable gold items).
 */
export async function topUpGoldChecks(db: Database, projectId: number, goldShare: number, queueSql: SQL, counts: TQueueCheckCounts): Promise<number> {
  if (planGoldChecks(counts) === 0) return 0;
  const context = await readDecisionContext(db, projectId);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TOP_UP_LOCK_KEY}::int, ${projectId}::int)`);
    const again = await countQueueForChecks(tx, projectId, goldShare, queueSql);
    const wanted = Math.min(planGoldChecks(again), MAX_PENDING_CHECKS - (await countPendingChecks(tx, projectId)));
    if (wanted <= 0) return 0;
    const sponsors = await tx.execute<{ id: string; deadline: Date | string | null; created_at: Date | string }>(sql`
      select d.id, d.deadline, d.created_at from decisions d
      where d.project_id = ${projectId} and ${queueSql} and ${awaitsCheckSql(goldShare)}
      order by d.created_at, d.id limit ${wanted}`);
    const chosen = await drawGoldCases(tx, projectId, context, await readUsedGoldHashes(tx, projectId), sponsors.rows.length);
    const now = new Date();
    const rows = chosen.map((candidate, i) => {
      const sponsor = sponsors.rows[i]!;
      const allowance = sponsor.deadline === null ? null : new Date(sponsor.deadline).getTime() - new Date(sponsor.created_at).getTime();
      return describeCheck(projectId, context, candidate, allowance === null ? null : new Date(now.getTime() + Math.max(0, allowance)), now);
    });
    const stored = rows.length === 0 ? [] : await tx.insert(decisions).values(rows).returning();
    // The same 'received' entry as a real case's: the record shows the check arriving, from nobody, and every answer to it.
    if (stored.length > 0) await appendDecisionLog(tx, projectId, stored.flatMap((row) => describeArrival(row, hashCanonicalJson(row.policy))));
    // Every sponsor read is settled now, with a check or with none to be had: neither is tried again.
    for (const [i, sponsor] of sponsors.rows.entries()) {
      const check = stored[i];
      await recordAuditEvent(tx, {
        actor: null,
        projectId,
        action: GOLD_CHECK_ACTION,
        subjectType: 'decision',
        subjectId: sponsor.id,
        after: check ? { checkId: check.id, goldLabel: check.goldLabel } : { checkId: null, reason: 'no unused gold item that people would see' },
      });
    }
    return stored.length;
  });
}

async function countPendingChecks(db: Database, projectId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), eq(decisions.status, 'pending'), isNotNull(decisions.goldLabel)));
  return row?.n ?? 0;
}

/** The texts (by input hash) the project's checks were made of: each gold item is used once. */
async function readUsedGoldHashes(db: Database, projectId: number): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ inputHash: decisions.inputHash })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), isNotNull(decisions.goldLabel)));
  return new Set(rows.map((row) => row.inputHash));
}

type TGoldCandidate = { text: string; goldLabel: string; prediction: TCasePrediction | null; reason: ReturnType<typeof routeCase>['reason'] };

/**
 * Up to `wanted` gold items not used for a check yet, that the policy would send to people, picked at
 * random. The walk starts at a random item id and goes on in id order (wrapping around), a page at a
 * time, so it reads few rows where gold items are many and stops after MAX_ITEMS_SCANNED where they
 * are few; texts longer than the project accepts from callers are skipped (no real case is that long).
 */
async function drawGoldCases(tx: Database, projectId: number, context: TDecisionContext, used: ReadonlySet<string>, wanted: number): Promise<TGoldCandidate[]> {
  const policy = context.settings.decisionPolicy;
  const goldItems = and(eq(items.projectId, projectId), isNotNull(items.goldLabelId), sql`octet_length(${items.text}) <= ${context.settings.maxTextBytes}`);
  const [bounds] = await tx
    .select({ low: sql<number | null>`min(${items.id})`, high: sql<number | null>`max(${items.id})` })
    .from(items)
    .where(goldItems);
  if (!bounds || bounds.low === null || bounds.high === null) return [];
  const low = Number(bounds.low);
  const high = Number(bounds.high);
  const start = low + Math.floor(Math.random() * (high - low + 1));
  const candidates: TGoldCandidate[] = [];
  const taken = new Set(used);
  let scanned = 0;
  for (const [from, to] of [
    [start, high + 1],
    [low, start],
  ] as const) {
    let next = from;
    while (next < to && scanned < MAX_ITEMS_SCANNED && candidates.length < wanted * CANDIDATES_PER_CHECK) {
      const page = await tx
        .select({ id: items.id, text: items.text, goldLabel: projectLabels.name })
        .from(items)
        .innerJoin(projectLabels, and(eq(projectLabels.id, items.goldLabelId), isNull(projectLabels.archivedAt)))
        .where(and(goldItems, gte(items.id, next), lt(items.id, to)))
        .orderBy(asc(items.id))
        .limit(ITEM_PAGE);
      if (page.length === 0) break;
      scanned += page.length;
      next = page.at(-1)!.id + 1;
      // Two gold items with one text are one item to a reviewer: the first is used, the other skipped.
      const fresh = page.filter((item) => {
        const hash = hashDecisionInput(item.text, null);
        if (taken.has(hash)) return false;
        taken.add(hash);
        return true;
      });
      const predictions = context.predictor ? context.predictor.predict(fresh.map((item) => item.text)) : fresh.map(() => null);
      fresh.forEach((item, i) => {
        const prediction = predictions[i] ?? null;
        const route = routeCase(
          policy,
          { prediction, noModelReason: context.noModelReason, metadata: {}, payloadBytes: 0, certificate: context.certificate, isMonitorTripped: context.isMonitorTripped },
          Math.random,
        );
        if (route.route === 'human') candidates.push({ text: item.text, goldLabel: item.goldLabel, prediction, reason: route.reason });
      });
    }
  }
  return shuffle(candidates).slice(0, wanted);
}

/** The row of a new check: what createDecisions would store for this text, with the gold label. */
function describeCheck(projectId: number, context: TDecisionContext, candidate: TGoldCandidate, deadline: Date | null, now: Date): TNewDecision {
  // Never part of the uniform sample: a check must not calibrate a certificate.
  const route = { route: 'human' as const, reason: candidate.reason, sampled: false, audit: false };
  const entry = { text: candidate.text, ...(deadline ? { deadline: deadline.toISOString() } : {}) };
  const row = describeNewDecision(projectId, context, { entry, prediction: candidate.prediction, route, createdBy: null, now });
  return { ...row, goldLabel: candidate.goldLabel };
}

function shuffle<T>(values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

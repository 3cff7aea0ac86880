import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, items, projectLabels } from '@/db/schema';
import { appendDecisionLog, type TDecisionLogEvent } from './append-decision-log';
import type { TCasePrediction } from './case-predictor';
import { canonicalJson } from './decision-chain';
import { requiredApprovalsFor, routeCase } from './decision-policy';
import { hashDecisionInput } from './hash-decision-input';
import { readDecisionContext, type TDecisionContext } from './read-decision-context';
import type { TNewDecision } from './write-decisions';

/**
 * Hidden gold checks (issue 15, EU AI Act Art. 14(4)(b)): cases in the reviewers' queue whose answer
 * is known, made from the project's items with a gold label, so each reviewer's accuracy, and how it
 * moves when the model's suggestion is shown, can be measured on their real work
 * (reviewer-reliance.ts). A check is a `decisions` row with `gold_label` set: the item's text, the
 * answering model's own prediction, routed by the project's own policy (only items the policy would
 * send to people are used, so its route reason is one the real cases have), a blind draw like any
 * case's, a deadline allowance borrowed from a real pending case, no payload, metadata or callback,
 * and `created_by` null: nobody sent it. The queue, the case and the answer read it through the same
 * code as a real case; only the public API, exports, webhooks and feedback leave it out.
 *
 * How many: when a reviewer loads the queue, checks are added (planGoldChecks) so that checks make up
 * about `goldShare` of what that reviewer both sees and has answered lately, never more than
 * ⌈g/(1−g) × real cases waiting⌉ at once nor MAX_CHECKS_PER_REVIEWER; a reviewer with nothing real to do
 * gets no checks. A check is shared: whoever answers it first scores on it; it settles like the case it
 * imitates (usually one answer). A reviewer never sees an item they answered as a check again.
 */

/** Checks one reviewer may have waiting at once, whatever the share and the backlog. */
export const MAX_CHECKS_PER_REVIEWER = 50;
/** Checks waiting in a project at once (reviewers whose past checks differ see different ones). */
export const MAX_PENDING_CHECKS = 200;
/** How far back a reviewer's answers count toward their share. */
export const CHECK_HISTORY_DAYS = 7;
/** Gold items one top-up reads at most, looking for ones the reviewer has not had and people would see. */
const MAX_ITEMS_SCANNED = 2_000;
const ITEM_PAGE = 200;
/** Candidates gathered per check wanted, so the ones used are a random pick, not the first by id. */
const CANDIDATES_PER_CHECK = 4;
/** pg_advisory_xact_lock's first key: top-ups of a project run one at a time (its id is the second key). */
const TOP_UP_LOCK_KEY = 0x51_47_43;
/** Guards the rounding of g/(1−g) × n (0.1/0.9 × 9 is 1.0000000000000002). */
const EPSILON = 1e-9;

export type TGoldCheckCounts = {
  /** Real cases (and audits) waiting for the reviewer, and checks waiting for them. */
  realVisible: number;
  checksVisible: number;
  /** What the reviewer answered in the last CHECK_HISTORY_DAYS days. */
  realAnswered: number;
  checksAnswered: number;
};

/**
 * How many checks to add for a reviewer now. Two limits, the smaller wins:
 * - the queue: checks waiting may reach ⌈g/(1−g) × real waiting⌉ (capped), so they are about g of it;
 * - the history: checks answered and waiting may reach ⌊g/(1−g) × real answered and waiting⌋, so a
 *   reviewer who clears one case at a time is not handed a check with each (which would be half).
 */
export function planGoldChecks(goldShare: number, counts: TGoldCheckCounts): number {
  if (!(goldShare > 0) || counts.realVisible === 0) return 0;
  const ratio = goldShare / (1 - goldShare);
  const queueRoom = Math.min(MAX_CHECKS_PER_REVIEWER, Math.ceil(ratio * counts.realVisible - EPSILON)) - counts.checksVisible;
  const historyRoom = Math.floor(ratio * (counts.realAnswered + counts.realVisible) + EPSILON) - (counts.checksAnswered + counts.checksVisible);
  return Math.max(0, Math.min(queueRoom, historyRoom));
}

/** Input hashes of the checks a reviewer has answered: the same text is never a check for them again. */
function answeredCheckHashesSql(projectId: number, userId: string): SQL {
  return sql`select g.input_hash from decisions g join decision_reviews r on r.decision_id = g.id
    where g.project_id = ${projectId} and g.gold_label is not null and r.reviewer_id = ${userId}`;
}

/**
 * The checks a reviewer's queue leaves out, as a condition on `decisions d`: every check when the
 * policy asks for none (switching them off empties the queue of them at once), else the ones whose
 * text the reviewer has answered as a check before.
 */
export function goldCheckFilterSql(projectId: number, userId: string, goldShare: number): SQL {
  if (!(goldShare > 0)) return sql`d.gold_label is null`;
  // NOT IN over an uncorrelated subquery: PostgreSQL hashes it once per statement.
  return sql`(d.gold_label is null or d.input_hash not in (${answeredCheckHashesSql(projectId, userId)}))`;
}

/**
 * Adds the checks planGoldChecks asks for to a reviewer's queue. `queueSql` is the queue's condition
 * on `decisions d` for this reviewer (visibility and goldCheckFilterSql). Runs under a per-project
 * advisory lock and counts again inside it, so reviewers loading the queue together add them once.
 * Returns how many it added (fewer when the project runs out of usable gold items).
 */
export async function topUpGoldChecks(db: Database, projectId: number, userId: string, goldShare: number, queueSql: SQL): Promise<number> {
  const plan = async (tx: Database) => planGoldChecks(goldShare, { ...(await countQueue(tx, projectId, queueSql)), ...(await countAnswered(tx, projectId, userId)) });
  if ((await plan(db)) === 0) return 0;
  const context = await readDecisionContext(db, projectId);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TOP_UP_LOCK_KEY}::int, ${projectId}::int)`);
    const pending = await readPendingCheckHashes(tx, projectId);
    const wanted = Math.min(await plan(tx), MAX_PENDING_CHECKS - pending.length);
    if (wanted <= 0) return 0;
    const excluded = new Set([...pending, ...(await readAnsweredCheckHashes(tx, projectId, userId))]);
    const chosen = await drawGoldCases(tx, projectId, context, excluded, wanted);
    if (chosen.length === 0) return 0;
    const allowance = await drawDeadlineAllowance(tx, projectId);
    const now = new Date();
    const rows = chosen.map((candidate) => describeCheck(projectId, context, candidate, allowance === null ? null : new Date(now.getTime() + allowance), now));
    const stored = await tx.insert(decisions).values(rows).returning();
    await appendDecisionLog(tx, projectId, stored.map(describeReceived));
    return stored.length;
  });
}

async function countQueue(db: Database, projectId: number, queueSql: SQL): Promise<Pick<TGoldCheckCounts, 'realVisible' | 'checksVisible'>> {
  const result = await db.execute<{ real: number | string; checks: number | string }>(sql`
    select count(*) filter (where d.gold_label is null) as real, count(*) filter (where d.gold_label is not null) as checks
    from decisions d where d.project_id = ${projectId} and ${queueSql}`);
  const row = result.rows[0];
  return { realVisible: Number(row?.real ?? 0), checksVisible: Number(row?.checks ?? 0) };
}

async function countAnswered(db: Database, projectId: number, userId: string): Promise<Pick<TGoldCheckCounts, 'realAnswered' | 'checksAnswered'>> {
  const result = await db.execute<{ real: number | string; checks: number | string }>(sql`
    select count(*) filter (where d.gold_label is null) as real, count(*) filter (where d.gold_label is not null) as checks
    from decision_reviews r join decisions d on d.id = r.decision_id
    where r.reviewer_id = ${userId} and d.project_id = ${projectId} and r.created_at >= now() - make_interval(days => ${CHECK_HISTORY_DAYS}::int)`);
  const row = result.rows[0];
  return { realAnswered: Number(row?.real ?? 0), checksAnswered: Number(row?.checks ?? 0) };
}

async function readAnsweredCheckHashes(db: Database, projectId: number, userId: string): Promise<string[]> {
  const result = await db.execute<{ input_hash: string }>(answeredCheckHashesSql(projectId, userId));
  return result.rows.map((row) => row.input_hash);
}

/** Checks waiting for anyone: an item is never in two at once. */
async function readPendingCheckHashes(db: Database, projectId: number): Promise<string[]> {
  const rows = await db
    .select({ inputHash: decisions.inputHash })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), eq(decisions.status, 'pending'), isNotNull(decisions.goldLabel)));
  return rows.map((row) => row.inputHash);
}

type TGoldCandidate = { text: string; goldLabel: string; prediction: TCasePrediction | null; reason: ReturnType<typeof routeCase>['reason'] };

/**
 * Up to `wanted` gold items the reviewer has not had, that the policy would send to people, picked at
 * random. The walk starts at a random item id and goes on in id order (wrapping around), a page at a
 * time, so it reads few rows where gold items are many and stops after MAX_ITEMS_SCANNED where they
 * are few; texts longer than the project accepts from callers are skipped (no real case is that long).
 */
async function drawGoldCases(tx: Database, projectId: number, context: TDecisionContext, excluded: ReadonlySet<string>, wanted: number): Promise<TGoldCandidate[]> {
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
      const fresh = page.filter((item) => !excluded.has(hashDecisionInput(item.text, null)));
      const predictions = context.predictor ? context.predictor.predict(fresh.map((item) => item.text)) : fresh.map(() => null);
      fresh.forEach((item, i) => {
        const prediction = predictions[i] ?? null;
        const route = routeCase(policy, { prediction, metadata: {}, payloadBytes: 0, certificate: context.certificate, isMonitorTripped: context.isMonitorTripped }, Math.random);
        if (route.route === 'human') candidates.push({ text: item.text, goldLabel: item.goldLabel, prediction, reason: route.reason });
      });
    }
  }
  return shuffle(candidates).slice(0, wanted);
}

/**
 * A deadline allowance (deadline minus arrival) of one of the newest real cases waiting, or null when
 * the one drawn has none: checks get deadlines as often and as long as the cases around them, so they
 * sort among them the way the queue sorts every case.
 */
async function drawDeadlineAllowance(tx: Database, projectId: number): Promise<number | null> {
  const recent = await tx
    .select({ deadline: decisions.deadline, createdAt: decisions.createdAt })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), eq(decisions.status, 'pending'), isNull(decisions.goldLabel), eq(decisions.escalationLevel, 0)))
    .orderBy(sql`${decisions.createdAt} desc`)
    .limit(50);
  const template = recent[Math.floor(Math.random() * recent.length)];
  if (!template?.deadline) return null;
  return Math.max(0, template.deadline.getTime() - template.createdAt.getTime());
}

/** The row of a new check: what createDecisions would store for this text, plus the gold label. */
function describeCheck(projectId: number, context: TDecisionContext, candidate: TGoldCandidate, deadline: Date | null, now: Date): TNewDecision {
  const policy = context.settings.decisionPolicy;
  const { prediction } = candidate;
  const { certificate } = context;
  // As createDecisions decides it: the certificate explains the route of every case its threshold routed.
  const isUnderCertificate = certificate !== null && prediction !== null && candidate.reason !== 'stopped' && !candidate.reason.startsWith('escalate_');
  return {
    id: `dec_${randomBytes(16).toString('base64url')}`,
    projectId,
    idempotencyKey: null,
    requestHash: hashCanonical({ text: candidate.text, payload: null, metadata: {}, callbackUrl: null, deadline: deadline?.toISOString() ?? null }),
    inputHash: hashDecisionInput(candidate.text, null),
    text: candidate.text,
    payload: null,
    metadata: {},
    callbackUrl: null,
    deadline,
    status: 'pending',
    route: 'human',
    routeReason: candidate.reason,
    audit: false,
    // Never part of the uniform sample: a check must not calibrate a certificate.
    sampled: false,
    goldLabel: candidate.goldLabel,
    suggestionHidden: policy.blindReview || Math.random() < policy.blindShare,
    certificateId: isUnderCertificate ? certificate.id : null,
    certificate: isUnderCertificate ? certificate.record : null,
    modelVersionId: prediction ? context.predictor!.modelVersionId : null,
    modelHash: prediction ? context.predictor!.modelHash : null,
    predictedLabel: prediction?.label ?? null,
    probability: prediction?.probability ?? null,
    probabilities: prediction?.probabilities ?? null,
    policy,
    requiredApprovals: requiredApprovalsFor(policy, prediction?.label ?? null),
    createdBy: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The 'received' entry, with the keys write-decisions.ts gives a real case's (a test holds the two
 * together): the record shows the check arriving, from nobody, and every answer to it.
 */
function describeReceived(row: typeof decisions.$inferSelect): TDecisionLogEvent {
  return {
    decisionId: row.id,
    event: 'received',
    body: {
      inputHash: row.inputHash,
      requestHash: row.requestHash,
      idempotencyKey: row.idempotencyKey,
      route: row.route,
      routeReason: row.routeReason,
      audit: row.audit,
      sampled: row.sampled,
      modelVersionId: row.modelVersionId,
      modelHash: row.modelHash,
      predictedLabel: row.predictedLabel,
      probability: row.probability,
      probabilities: row.probabilities,
      policyHash: hashCanonical(row.policy),
      certificate: row.certificate,
      requiredApprovals: row.requiredApprovals,
      deadline: row.deadline?.toISOString() ?? null,
      createdBy: row.createdBy,
      at: row.createdAt.toISOString(),
    },
  };
}

function hashCanonical(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function shuffle<T>(values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

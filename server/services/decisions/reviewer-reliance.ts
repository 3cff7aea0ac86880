import { and, count, countDistinct, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, items } from '@/db/schema';
import { computeProportionDifferenceInterval } from '@/ml/agreement/proportion-difference';
import { computeWilsonInterval } from '@/ml/agreement/wilson-interval';
import { loadDecisionPolicy } from './load-decision-policy';

export const DEFAULT_RELIANCE_DAYS = 90;
export const MAX_RELIANCE_DAYS = 365;
/** Answers needed in each arm (suggestion shown, hidden) before agreement with the model is compared. */
export const MIN_ANSWERS_PER_ARM = 20;
/** Gold checks the model got wrong needed in each arm before accuracy on them is compared. */
export const MIN_MODEL_WRONG_CHECKS_PER_ARM = 10;
/** "Much more often": agreement with the model at least this much higher when it is shown. */
export const MIN_AGREEMENT_GAP = 0.1;

/** k of n, the proportion and its 95% Wilson interval (null without observations). */
export type TRate = { k: number; n: number; rate: number | null; ci95: [number, number] | null };
/** A difference of two rates with its 95% Newcombe interval (null when a side has no observations). */
export type TRateDifference = { estimate: number; ci95: [number, number] } | null;

export type TRelianceVerdict = {
  status: 'not_enough_data' | 'no_sign' | 'over_reliance';
  /** The rule's outcome in words, for the manager. */
  reason: string;
};

export type TReviewerReliance = {
  reviewerId: string;
  name: string;
  /** Every answer in the window: real cases, audits and gold checks. */
  answers: number;
  gold: {
    /** Answers to gold checks, and those that chose a label (rejections and escalations choose none). */
    answered: number;
    labeled: number;
    /** Label equal to the known answer, over labeled answers. */
    accuracy: TRate;
    /** Accuracy on the checks where the model's suggestion was wrong, by whether it was on screen. */
    modelWrongShown: TRate;
    modelWrongHidden: TRate;
    /** Hidden minus shown: above zero when showing a wrong suggestion costs accuracy. */
    modelWrongDifference: TRateDifference;
  };
  /** Real cases and audits with a suggestion: overrides over answers, shown and hidden, and shown minus hidden. */
  override: { shown: TRate; hidden: TRate; difference: TRateDifference };
  /** The same answers: the label chosen is the model's. */
  agreementWithModel: { shown: TRate; hidden: TRate; difference: TRateDifference };
  verdict: TRelianceVerdict;
};

export type TRelianceReport = {
  days: number;
  since: Date;
  goldShare: number;
  blindShare: number;
  isBlindReview: boolean;
  /** Items with a gold label, and how many distinct texts of them checks have used (each is used once). */
  goldItems: number;
  goldItemsUsed: number;
  pendingChecks: number;
  reviewers: TReviewerReliance[];
};

type TCountsRow = {
  reviewer_id: string;
  name: string;
  answers: number | string;
  shown_n: number | string;
  shown_overrides: number | string;
  shown_agree: number | string;
  hidden_n: number | string;
  hidden_overrides: number | string;
  hidden_agree: number | string;
  checks: number | string;
  checks_labeled: number | string;
  checks_right: number | string;
  wrong_shown_n: number | string;
  wrong_shown_right: number | string;
  wrong_hidden_n: number | string;
  wrong_hidden_right: number | string;
};

/**
 * Automation bias per reviewer (EU AI Act Art. 14(4)(b): overseers stay aware of over-relying on the
 * output), over the answers given in the last `days` days to cases that arrived in them. Two sources:
 * - real cases and audits: since the blind share hides the suggestion at random, case by case, the
 *   reviewer's override and agreement rates with it shown and hidden compare like arms of a trial;
 * - hidden gold checks (gold-checks.ts): their accuracy against the known answer, and the part that
 *   matters for reliance, accuracy on the checks where the model was wrong, shown against hidden.
 * Agreeing more with a model one can see is not a fault by itself (a good model deserves it); it is
 * over-reliance when it also makes the reviewer wrong where the model is. See describeVerdict.
 */
export async function getReviewerReliance(db: Database, projectId: number, { days = DEFAULT_RELIANCE_DAYS }: { days?: number } = {}): Promise<TRelianceReport> {
  const window = Math.min(MAX_RELIANCE_DAYS, Math.max(1, Math.floor(days)));
  const since = new Date(Date.now() - window * 86_400_000);
  const real = sql`d.gold_label is null and d.predicted_label is not null`;
  const wrong = sql`d.gold_label is not null and r.label is not null and d.predicted_label is not null and d.predicted_label <> d.gold_label`;
  const [policy, counts, [gold], [checks]] = await Promise.all([
    loadDecisionPolicy(db, projectId),
    db.execute<TCountsRow>(sql`
      select r.reviewer_id, u.name, count(*) as answers,
        count(*) filter (where ${real} and r.suggestion_shown) as shown_n,
        count(*) filter (where ${real} and r.suggestion_shown and r.answer = 'override') as shown_overrides,
        count(*) filter (where ${real} and r.suggestion_shown and r.label = d.predicted_label) as shown_agree,
        count(*) filter (where ${real} and not r.suggestion_shown) as hidden_n,
        count(*) filter (where ${real} and not r.suggestion_shown and r.answer = 'override') as hidden_overrides,
        count(*) filter (where ${real} and not r.suggestion_shown and r.label = d.predicted_label) as hidden_agree,
        count(*) filter (where d.gold_label is not null) as checks,
        count(*) filter (where d.gold_label is not null and r.label is not null) as checks_labeled,
        count(*) filter (where d.gold_label is not null and r.label = d.gold_label) as checks_right,
        count(*) filter (where ${wrong} and r.suggestion_shown) as wrong_shown_n,
        count(*) filter (where ${wrong} and r.suggestion_shown and r.label = d.gold_label) as wrong_shown_right,
        count(*) filter (where ${wrong} and not r.suggestion_shown) as wrong_hidden_n,
        count(*) filter (where ${wrong} and not r.suggestion_shown and r.label = d.gold_label) as wrong_hidden_right
      from decisions d
      join decision_reviews r on r.decision_id = d.id
      join users u on u.id = r.reviewer_id
      where d.project_id = ${projectId} and d.created_at >= ${since} and r.created_at >= ${since}
      group by r.reviewer_id, u.name
      order by u.name, r.reviewer_id`),
    db
      .select({ n: count() })
      .from(items)
      .where(and(eq(items.projectId, projectId), isNotNull(items.goldLabelId))),
    db
      .select({ used: countDistinct(decisions.inputHash), pending: sql<number | string>`count(*) filter (where ${decisions.status} = 'pending')` })
      .from(decisions)
      .where(and(eq(decisions.projectId, projectId), isNotNull(decisions.goldLabel))),
  ]);
  return {
    days: window,
    since,
    goldShare: policy.goldShare,
    blindShare: policy.blindShare,
    isBlindReview: policy.blindReview,
    goldItems: gold?.n ?? 0,
    goldItemsUsed: checks?.used ?? 0,
    pendingChecks: Number(checks?.pending ?? 0),
    reviewers: counts.rows.map(toReviewerReliance),
  };
}

function toReviewerReliance(row: TCountsRow): TReviewerReliance {
  const n = (value: number | string) => Number(value);
  const overrideShown = toRate(n(row.shown_overrides), n(row.shown_n));
  const overrideHidden = toRate(n(row.hidden_overrides), n(row.hidden_n));
  const agreeShown = toRate(n(row.shown_agree), n(row.shown_n));
  const agreeHidden = toRate(n(row.hidden_agree), n(row.hidden_n));
  const wrongShown = toRate(n(row.wrong_shown_right), n(row.wrong_shown_n));
  const wrongHidden = toRate(n(row.wrong_hidden_right), n(row.wrong_hidden_n));
  const agreementWithModel = { shown: agreeShown, hidden: agreeHidden, difference: differenceOf(agreeShown, agreeHidden) };
  const gold = {
    answered: n(row.checks),
    labeled: n(row.checks_labeled),
    accuracy: toRate(n(row.checks_right), n(row.checks_labeled)),
    modelWrongShown: wrongShown,
    modelWrongHidden: wrongHidden,
    modelWrongDifference: differenceOf(wrongHidden, wrongShown),
  };
  return {
    reviewerId: row.reviewer_id,
    name: row.name,
    answers: n(row.answers),
    gold,
    override: { shown: overrideShown, hidden: overrideHidden, difference: differenceOf(overrideShown, overrideHidden) },
    agreementWithModel,
    verdict: describeVerdict(agreementWithModel, gold),
  };
}

/**
 * The flag, one rule: over-reliance when BOTH
 * (a) the reviewer agrees with the model at least MIN_AGREEMENT_GAP more often when its suggestion is
 *     shown than when it is hidden, and the 95% interval of that difference lies above zero; and
 * (b) on gold checks where the model was wrong, their accuracy is lower with the suggestion shown than
 *     hidden, the 95% interval of (hidden − shown) lying above zero.
 * Comparing shown with hidden on the model's wrong checks (not wrong checks with right ones) keeps
 * case difficulty out of it: the model's errors fall on hard cases, where anyone does worse.
 * Without MIN_ANSWERS_PER_ARM answers and MIN_MODEL_WRONG_CHECKS_PER_ARM such checks in each arm the
 * verdict is "not enough data", never "no sign"; no flag is not proof of independence.
 */
export function describeVerdict(agreement: TReviewerReliance['agreementWithModel'], gold: Pick<TReviewerReliance['gold'], 'modelWrongShown' | 'modelWrongHidden' | 'modelWrongDifference'>): TRelianceVerdict {
  const missing: string[] = [];
  if (Math.min(agreement.shown.n, agreement.hidden.n) < MIN_ANSWERS_PER_ARM) {
    missing.push(`${MIN_ANSWERS_PER_ARM} answers with the suggestion shown and ${MIN_ANSWERS_PER_ARM} with it hidden (has ${agreement.shown.n} and ${agreement.hidden.n})`);
  }
  if (Math.min(gold.modelWrongShown.n, gold.modelWrongHidden.n) < MIN_MODEL_WRONG_CHECKS_PER_ARM) {
    missing.push(
      `${MIN_MODEL_WRONG_CHECKS_PER_ARM} gold checks the model got wrong with its suggestion shown and ${MIN_MODEL_WRONG_CHECKS_PER_ARM} hidden (has ${gold.modelWrongShown.n} and ${gold.modelWrongHidden.n})`,
    );
  }
  if (missing.length > 0) return { status: 'not_enough_data', reason: `Not enough data: needs ${missing.join('; and ')}.` };
  const gap = agreement.difference;
  const followsShown = gap !== null && gap.estimate >= MIN_AGREEMENT_GAP && gap.ci95[0] > 0;
  const costsAccuracy = gold.modelWrongDifference !== null && gold.modelWrongDifference.ci95[0] > 0;
  if (followsShown && costsAccuracy) {
    return { status: 'over_reliance', reason: 'Agrees with the model much more often when it is shown, and is less often right when it is shown and wrong.' };
  }
  if (followsShown) return { status: 'no_sign', reason: 'Agrees with the model more often when it is shown, but is not shown to be less accurate where it is wrong.' };
  if (costsAccuracy) return { status: 'no_sign', reason: 'Is less often right when a wrong suggestion is shown, but does not agree with the model markedly more when it is shown: worth watching.' };
  return { status: 'no_sign', reason: 'Agrees with the model about as often, and is as often right where it is wrong, whether it is shown or hidden.' };
}

function toRate(k: number, n: number): TRate {
  return { k, n, rate: n > 0 ? k / n : null, ci95: computeWilsonInterval(k, n) };
}

function differenceOf(first: TRate, second: TRate): TRateDifference {
  return computeProportionDifferenceInterval(first.k, first.n, second.k, second.n);
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionReviews, decisions, items, type TDecisionAnswer } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { listProjectLabels } from '@/server/services/projects/projects';
import { insertDecision, setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { describeVerdict, getReviewerReliance, type TRate, type TReviewerReliance } from './reviewer-reliance';

const DAY = 86_400_000;

/** Wilson and Newcombe figures below were worked out by hand (z = 1.95996) for these counts. */
const close = (value: number | undefined, expected: number) => expect(value).toBeCloseTo(expected, 4);
const expectRate = (rate: TRate, k: number, n: number, low: number, high: number) => {
  expect([rate.k, rate.n]).toEqual([k, n]);
  close(rate.rate!, k / n);
  close(rate.ci95![0], low);
  close(rate.ci95![1], high);
};

describe('reviewer reliance on a hand-built set', () => {
  let harness: TTestHarness;
  let projectId: number;
  let otherProjectId: number;
  let rory: TActor;
  let sam: TActor;
  let tia: TActor;

  /**
   * `n` cases answered by `who`: the model suggested 'positive'; `gold` makes them gold checks;
   * `label` is the label the reviewer chose (null: a rejection), `shown` whether the suggestion was on screen.
   */
  const answerCases = async (
    who: TActor,
    n: number,
    { label, shown, gold = null, project = projectId, at = new Date() }: { label: string | null; shown: boolean; gold?: string | null; project?: number; at?: Date },
  ) => {
    const rows = await harness.db
      .insert(decisions)
      .values(
        Array.from({ length: n }, () => ({
          id: `dec_${randomUUID()}`,
          projectId: project,
          requestHash: 'r'.repeat(64),
          inputHash: 'i'.repeat(64),
          text: 'a case',
          status: 'decided' as const,
          route: 'human' as const,
          routeReason: 'below_threshold',
          predictedLabel: 'positive',
          probability: 0.6,
          policy: {},
          label,
          goldLabel: gold,
          suggestionHidden: !shown,
          createdAt: at,
        })),
      )
      .returning({ id: decisions.id });
    const answer: TDecisionAnswer = label === null ? 'reject' : label === 'positive' ? 'approve' : 'override';
    await harness.db
      .insert(decisionReviews)
      .values(rows.map((row) => ({ decisionId: row.id, reviewerId: who.userId, answer, label, reason: answer === 'approve' ? null : 'x', inputHash: 'i'.repeat(64), suggestionShown: shown, createdAt: at })));
  };

  beforeAll(async () => {
    harness = await createTestHarness();
    const owner = await harness.createUser('Owner', 'admin');
    projectId = (await harness.createProjectAs(owner, 'reliance')).id;
    otherProjectId = (await harness.createProjectAs(owner, 'elsewhere')).id;
    rory = await harness.createUser('Rory');
    sam = await harness.createUser('Sam');
    tia = await harness.createUser('Tia');

    // Rory follows the model: agrees 27/30 when shown, 15/30 when hidden; right on 2 of 12 checks the
    // model got wrong when shown, 10 of 12 when hidden; 5 of 5 where the model was right; one check rejected.
    await answerCases(rory, 27, { label: 'positive', shown: true });
    await answerCases(rory, 3, { label: 'negative', shown: true });
    await answerCases(rory, 15, { label: 'positive', shown: false });
    await answerCases(rory, 15, { label: 'negative', shown: false });
    await answerCases(rory, 2, { label: 'negative', shown: true, gold: 'negative' });
    await answerCases(rory, 10, { label: 'positive', shown: true, gold: 'negative' });
    await answerCases(rory, 10, { label: 'negative', shown: false, gold: 'negative' });
    await answerCases(rory, 2, { label: 'positive', shown: false, gold: 'negative' });
    await answerCases(rory, 5, { label: 'positive', shown: true, gold: 'positive' });
    await answerCases(rory, 1, { label: null, shown: true, gold: 'negative' });
    // Not counted: another project, and an answer before the window.
    await answerCases(rory, 4, { label: 'positive', shown: true, project: otherProjectId });
    await answerCases(rory, 2, { label: 'negative', shown: true, at: new Date(Date.now() - 100 * DAY) });

    // Sam decides for himself: 18/25 shown, 17/25 hidden; 8 of 10 wrong-model checks right either way.
    await answerCases(sam, 18, { label: 'positive', shown: true });
    await answerCases(sam, 7, { label: 'negative', shown: true });
    await answerCases(sam, 17, { label: 'positive', shown: false });
    await answerCases(sam, 8, { label: 'negative', shown: false });
    for (const shown of [true, false]) {
      await answerCases(sam, 8, { label: 'negative', shown, gold: 'negative' });
      await answerCases(sam, 2, { label: 'positive', shown, gold: 'negative' });
    }

    // Tia has barely started.
    await answerCases(tia, 5, { label: 'positive', shown: true });
    await answerCases(tia, 1, { label: 'positive', shown: false });
    await answerCases(tia, 4, { label: 'negative', shown: false });
    await answerCases(tia, 3, { label: 'negative', shown: true, gold: 'negative' });
  });
  afterAll(() => harness.close());

  it('counts answers, gold accuracy, overrides and agreement per reviewer, with their intervals', async () => {
    const report = await getReviewerReliance(harness.db, projectId);
    expect(report.days).toBe(90);
    expect(report.reviewers.map((row) => row.name)).toEqual(['Rory', 'Sam', 'Tia']);
    const [r, s, t] = report.reviewers as [TReviewerReliance, TReviewerReliance, TReviewerReliance];

    expect(r.answers).toBe(90);
    expect([r.gold.answered, r.gold.labeled]).toEqual([30, 29]);
    expectRate(r.gold.accuracy, 17, 29, 0.4074, 0.7449);
    expectRate(r.gold.modelWrongShown, 2, 12, 0.047, 0.448);
    expectRate(r.gold.modelWrongHidden, 10, 12, 0.552, 0.953);
    close(r.gold.modelWrongDifference!.estimate, 0.6667);
    close(r.gold.modelWrongDifference!.ci95[0], 0.2688);
    close(r.gold.modelWrongDifference!.ci95[1], 0.836);
    // Gold checks stay out of the override and agreement figures: 30 real answers in each arm.
    expectRate(r.override.shown, 3, 30, 0.0346, 0.2562);
    expectRate(r.override.hidden, 15, 30, 0.3315, 0.6685);
    close(r.override.difference!.estimate, -0.4);
    close(r.override.difference!.ci95[0], -0.5807);
    close(r.override.difference!.ci95[1], -0.1703);
    expectRate(r.agreementWithModel.shown, 27, 30, 0.7438, 0.9654);
    expectRate(r.agreementWithModel.hidden, 15, 30, 0.3315, 0.6685);
    close(r.agreementWithModel.difference!.ci95[0], 0.1703);
    close(r.agreementWithModel.difference!.ci95[1], 0.5807);
    expect(r.verdict.status).toBe('over_reliance');

    close(s.agreementWithModel.difference!.estimate, 0.04);
    close(s.agreementWithModel.difference!.ci95[0], -0.2054);
    close(s.gold.modelWrongDifference!.ci95[1], 0.3414);
    expect(s.verdict).toMatchObject({ status: 'no_sign', reason: expect.stringContaining('about as often') });

    expect(t.verdict).toMatchObject({ status: 'not_enough_data', reason: expect.stringContaining('(has 5 and 5)') });
    expect(t.gold.modelWrongHidden).toEqual({ k: 0, n: 0, rate: null, ci95: null });
    expect(t.gold.modelWrongDifference).toBeNull();
  });

  it('takes the window from the request, and says what the empty states need', async () => {
    const year = await getReviewerReliance(harness.db, projectId, { days: 365 });
    expect(year.reviewers.find((row) => row.name === 'Rory')!.answers).toBe(92);
    expect((await getReviewerReliance(harness.db, projectId, { days: 10_000 })).days).toBe(365);
    // The checks inserted above are answered and stand for one text: one gold text used, none waiting.
    expect(year).toMatchObject({ goldShare: 0, blindShare: 0, isBlindReview: false, goldItems: 0, goldItemsUsed: 1, pendingChecks: 0 });

    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.1, blindShare: 0.3 });
    const [label] = await listProjectLabels(harness.db, projectId);
    await harness.db.insert(items).values({ projectId, text: 'known', contentHash: 'known', goldLabelId: label!.id });
    await insertDecision(harness.db, projectId, { goldLabel: 'positive', text: 'known' });
    expect(await getReviewerReliance(harness.db, projectId)).toMatchObject({ goldShare: 0.1, blindShare: 0.3, goldItems: 1, goldItemsUsed: 2, pendingChecks: 1 });
    const empty = await getReviewerReliance(harness.db, otherProjectId, { days: 1 });
    expect(empty.reviewers.map((row) => row.name)).toEqual(['Rory']);
  });
});

describe('describeVerdict', () => {
  const rate = (k: number, n: number): TRate => ({ k, n, rate: k / n, ci95: null });
  const gold = (shownRight: number, hiddenRight: number, n = 40) => ({
    modelWrongShown: rate(shownRight, n),
    modelWrongHidden: rate(hiddenRight, n),
    modelWrongDifference: { estimate: (hiddenRight - shownRight) / n, ci95: [hiddenRight > shownRight + 10 ? 0.05 : -0.1, 0.5] as [number, number] },
  });

  it('needs a gap of at least 10 points with its interval above zero, and a cost on the model’s errors', () => {
    // 540/600 shown against 492/600 hidden: surely more (the interval is above zero) but only 8 points.
    const smallGap = { shown: rate(540, 600), hidden: rate(492, 600), difference: { estimate: 0.08, ci95: [0.04, 0.12] as [number, number] } };
    expect(describeVerdict(smallGap, gold(10, 30)).status).toBe('no_sign');
    const bigGap = { ...smallGap, difference: { estimate: 0.2, ci95: [0.1, 0.3] as [number, number] } };
    expect(describeVerdict(bigGap, gold(10, 30)).status).toBe('over_reliance');
    expect(describeVerdict(bigGap, gold(20, 22))).toMatchObject({ status: 'no_sign', reason: expect.stringContaining('not shown to be less accurate') });
    expect(describeVerdict(smallGap, gold(10, 30))).toMatchObject({ reason: expect.stringContaining('worth watching') });
    expect(describeVerdict(bigGap, gold(5, 5, 9)).status).toBe('not_enough_data');
  });
});

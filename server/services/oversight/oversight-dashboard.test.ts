import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionMonitors, decisionReviews, decisions, type TDecisionAnswer } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { insertDecision, insertTestCertificate, type TSeedDecision } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getOversightDashboard } from './get-oversight-dashboard';
import { getOversightSeries } from './get-oversight-series';

const at = (iso: string) => new Date(`2026-03-${iso}Z`);
/** "Now" for every test: noon on 10 March; a three-day window is 8, 9 and 10 March (UTC). */
const NOW = at('10T12:00:00');

describe('the oversight dashboard', () => {
  let harness: TTestHarness;
  let reviewer: TActor;
  let projectId: number;
  let otherProjectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    const owner = await harness.createUser('Owner', 'admin');
    reviewer = await harness.createUser('Reviewer');
    projectId = (await harness.createProjectAs(owner, 'dash')).id;
    otherProjectId = (await harness.createProjectAs(owner, 'elsewhere')).id;
  });
  afterAll(async () => {
    await harness.close();
  });

  const review = async (decisionId: string, answer: TDecisionAnswer, label: string | null) =>
    harness.db.insert(decisionReviews).values({ decisionId, reviewerId: reviewer.userId, answer, label, inputHash: 'h', suggestionShown: true });
  const automatic = (created: string, extra: TSeedDecision = {}): TSeedDecision => ({
    status: 'decided',
    route: 'auto',
    routeReason: 'above_threshold',
    label: 'positive',
    createdAt: at(created),
    decidedAt: at(created),
    ...extra,
  });
  const human = (created: string, extra: TSeedDecision = {}): TSeedDecision => ({ createdAt: at(created), ...extra });

  it('counts cases, rates, audits with their interval, the queue and deadline breaches per day, by hand', async () => {
    // Before the window: a case still pending (open every day), one settled inside the window (open at
    // the end of the 8th only), one settled before it (never counted).
    await insertDecision(harness.db, projectId, human('05T10:00:00', { deadline: at('08T12:00:00') }));
    await insertDecision(harness.db, projectId, human('06T09:00:00', { status: 'decided', label: 'positive', decidedAt: at('09T15:00:00') }));
    await insertDecision(harness.db, projectId, human('06T09:00:00', { status: 'decided', label: 'positive', decidedAt: at('07T15:00:00') }));
    // 8 March: three automatic decisions, two audited (one found wrong), one human case answered, one pending past its deadline.
    const d = await insertDecision(harness.db, projectId, automatic('08T08:00:00', { audit: true, auditedAt: at('09T10:00:00') }));
    await review(d.id, 'override', 'negative');
    const e = await insertDecision(harness.db, projectId, automatic('08T09:00:00', { audit: true, auditedAt: at('08T11:00:00') }));
    await review(e.id, 'approve', 'positive');
    await insertDecision(harness.db, projectId, automatic('08T10:00:00'));
    const g = await insertDecision(harness.db, projectId, human('08T11:00:00', { status: 'decided', label: 'positive', decidedAt: at('08T14:00:00') }));
    await review(g.id, 'approve', 'positive');
    await insertDecision(harness.db, projectId, human('08T12:00:00', { deadline: at('09T00:00:00') }));
    // 9 March: one refused at its deadline an hour late, one overridden the next morning.
    await insertDecision(harness.db, projectId, human('09T09:00:00', { status: 'rejected', deadline: at('09T10:00:00'), decidedAt: at('09T11:00:00') }));
    const j = await insertDecision(harness.db, projectId, human('09T10:00:00', { status: 'decided', label: 'negative', decidedAt: at('10T09:00:00') }));
    await review(j.id, 'override', 'negative');
    // 10 March: an automatic decision whose audit waits, a case due tomorrow; a gold check (never counted).
    await insertDecision(harness.db, projectId, automatic('10T08:00:00', { audit: true }));
    await insertDecision(harness.db, projectId, human('10T10:00:00', { deadline: at('11T10:00:00') }));
    const gold = await insertDecision(harness.db, projectId, human('10T09:00:00', { goldLabel: 'positive', deadline: at('10T09:30:00') }));
    await review(gold.id, 'override', 'negative');
    await insertDecision(harness.db, projectId, automatic('09T08:00:00', { goldLabel: 'positive', audit: true, auditedAt: at('09T09:00:00') }));
    await insertDecision(harness.db, otherProjectId, human('09T08:00:00'));

    const days = await getOversightSeries(harness.db, projectId, { days: 3, delta: 0.05, now: NOW });
    expect(days.map((day) => day.day)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    expect(days[0]).toEqual({
      day: '2026-03-08',
      cases: 5,
      automatic: 3,
      automationRate: 0.6,
      answers: 3,
      overrides: 1,
      overrideRate: 1 / 3,
      audits: 2,
      auditedErrors: 1,
      auditedErrorRate: 0.5,
      // One error in two audits, 2.5% on each side: 1 − (1 − p)² = 0.025 and 1 − p² = 0.025.
      auditedErrorLow: expect.closeTo(1 - Math.sqrt(0.975), 9),
      auditedErrorHigh: expect.closeTo(Math.sqrt(0.975), 9),
      // Open at midnight: the old pending case, the old case settled on the 9th, and the one past its deadline.
      queueDepth: 3,
      deadlineBreaches: 1,
    });
    expect(days[1]).toMatchObject({ cases: 2, automatic: 0, automationRate: 0, answers: 1, overrides: 1, overrideRate: 1, audits: 0, auditedErrorRate: null, auditedErrorLow: null, queueDepth: 3, deadlineBreaches: 1 });
    // Today, up to now: the two old pending cases and the one due tomorrow.
    expect(days[2]).toMatchObject({ cases: 2, automatic: 1, automationRate: 0.5, answers: 0, overrideRate: null, audits: 0, queueDepth: 3, deadlineBreaches: 0 });
  });

  it('bounds the window and starts it at midnight UTC', async () => {
    await expect(getOversightSeries(harness.db, projectId, { days: 0, delta: 0.05 })).rejects.toThrow(RangeError);
    await expect(getOversightSeries(harness.db, projectId, { days: 91, delta: 0.05 })).rejects.toThrow(RangeError);
    const one = await getOversightSeries(harness.db, projectId, { days: 1, delta: 0.05, now: at('08T23:59:59') });
    // At the end of the 8th, the case answered on the 9th is still waiting.
    expect(one).toEqual([expect.objectContaining({ day: '2026-03-08', cases: 5, queueDepth: 3 })]);
  });

  it('shows the monitor against its certificate and the drift of the certified model’s scores', async () => {
    const project = (await harness.createProjectAs((await harness.createUser('Owner 2', 'admin')), 'drift')).id;
    // Calibration uniform on [0.5, 1]: the share at or above t is (1 − t)/0.5, on a 0.05 grid; 600 cases.
    const curve = Array.from({ length: 10 }, (_, i) => ({ threshold: 0.5 + 0.05 * i, coverage: 1 - 0.1 * i, cases: 600 - 60 * i, errors: 0, upperBound: 0.01 }));
    const certificate = await insertTestCertificate(harness.db, project, {
      modelHash: 'certified-model',
      alpha: 0.1,
      gridStep: 0.05,
      threshold: 0.7,
      coverage: 0.6,
      n: 360,
      curve,
      status: 'approved',
      approvedAt: at('01T00:00:00'),
    });
    await harness.db.insert(decisionMonitors).values({ projectId: project, certificateId: certificate.id, audits: 10, errors: 2, evidence: 1.7, state: { estimate: 0.12 } });
    // The live scores of the certified model: 40% in the top fifth instead of 20% (ml/monitor/score-drift.test.ts
    // works the same sample: KS 0.2, PSI 8·(0.075 − 0.1)·ln 0.75 + 2·0.1·ln 2). The rest must not count: another
    // model's scores, gold checks, and scores from before the window, all at the bottom of the range.
    const spread = (count: number, from: number, to: number) => Array.from({ length: count }, (_, i) => from + ((i + 0.5) / count) * (to - from));
    const live = [...spread(144, 0.5, 0.9), ...spread(96, 0.9, 1)].map((probability) => ({ probability, modelHash: 'certified-model' }));
    const ignored = [
      ...spread(50, 0.5, 0.55).map((probability) => ({ probability, modelHash: 'another-model' })),
      ...spread(50, 0.5, 0.55).map((probability) => ({ probability, modelHash: 'certified-model', goldLabel: 'positive' })),
      ...spread(50, 0.5, 0.55).map((probability) => ({ probability, modelHash: 'certified-model', createdAt: at('01T10:00:00') })),
    ];
    await harness.db.insert(decisions).values(
      [...live, ...ignored].map((row) => ({
        id: `dec_${randomUUID()}`,
        projectId: project,
        requestHash: 'r',
        inputHash: 'h',
        text: 'case',
        status: 'decided' as const,
        route: 'auto' as const,
        routeReason: 'above_threshold',
        policy: {},
        label: 'positive',
        predictedLabel: 'positive',
        createdAt: at('09T12:00:00'),
        decidedAt: at('09T12:00:00'),
        ...row,
      })),
    );

    const dashboard = await getOversightDashboard(harness.db, project, { days: 3, now: NOW });
    expect(dashboard.delta).toBe(0.05);
    expect(dashboard.status).toMatchObject({ certificate: { id: certificate!.id, alpha: 0.1, delta: 0.05 }, isTripped: false, isFailingClosed: false, failClosed: true });
    expect(dashboard.status.monitor).toMatchObject({ audits: 10, errors: 2, evidence: 1.7, alarmLevel: 20, errorRate: 0.2 });
    // Two errors in ten audits: P(Bin(10, p) ≥ 2) = 1 − (1 − p)¹⁰ − 10p(1 − p)⁹ = 0.05 at p = 0.0368.
    const lower = dashboard.status.monitor!.errorLowerBound!;
    expect(1 - (1 - lower) ** 10 - 10 * lower * (1 - lower) ** 9).toBeCloseTo(0.05, 9);
    expect(lower).toBeCloseTo(0.0368, 4);
    // The rates count every case in the window whatever its model (240 + 50), never the gold checks.
    expect(dashboard.days.reduce((sum, day) => sum + day.cases, 0)).toBe(290);
    expect(dashboard.drift).toMatchObject({ verdict: 'moderate', live: 240, reference: 600, level: 0.01 });
    expect(dashboard.drift!.ks).toBeCloseTo(0.2, 6);
    expect(dashboard.drift!.psi).toBeCloseTo(8 * (0.075 - 0.1) * Math.log(0.75) + 2 * 0.1 * Math.log(2), 6);
    expect(dashboard.drift!.summary).toMatch(/^The scores have shifted moderately/);
  });

  it('has no monitor or drift without an approved certificate', async () => {
    const dashboard = await getOversightDashboard(harness.db, otherProjectId, { days: 3, now: NOW });
    expect(dashboard).toMatchObject({ status: { certificate: null, monitor: null, isTripped: false }, drift: null, history: [], delta: 0.05 });
    expect(dashboard.days.map((day) => day.cases)).toEqual([0, 1, 0]);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, decisionMonitors, decisions, thresholdCertificates } from '@/db/schema';
import { binomialCdf } from '@/ml/certify/binomial-cdf';
import type { TActor } from '@/server/auth/actor';
import { answerDecision } from '@/server/services/decisions/answer-decision';
import { loadCasePredictor } from '@/server/services/decisions/case-predictor';
import { createDecision } from '@/server/services/decisions/create-decisions';
import { redrawEvalSet } from '@/server/services/learning/eval-set';
import { createProjectWithModel, setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { approveCertificate, retireCertificate } from './approve-certificate';
import { certifyModelVersion } from './certify-model-version';
import { listCertificates } from './list-certificates';

describe('certified thresholds', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let projectId: number;
  let versionId: number;
  let evalTexts: string[];
  let evalTruths: string[];

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    const created = await createProjectWithModel(harness, owner, 'certify', { count: 300 });
    projectId = created.projectId;
    versionId = (await loadCasePredictor(harness.db, projectId))!.modelVersionId;
    // createProjectWithModel puts the first fifth in the evaluation set, all of it labeled.
    const evalItems = created.seeded.slice(0, 60);
    evalTexts = evalItems.map((item) => item.text);
    evalTruths = evalItems.map((item) => (item.label === 0 ? 'spam' : 'ham'));
  }, 120_000);
  afterAll(() => harness.close());

  it('certifies the lowest grid threshold whose binomial test passes, with n, k and the bound, computed again here by hand', async () => {
    const alpha = 0.3;
    const delta = 0.1;
    const certificate = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'error', alpha, delta, gridStep: 0.001 });
    expect(certificate).toMatchObject({ status: 'proposed', version: 1, calibrationSize: 60, calibration: { evalItems: 60, liveCases: 0 } });
    // Score the same cases with the same model and redo the test at the certified threshold and one step below.
    const predictions = (await loadCasePredictor(harness.db, projectId, versionId))!.predict(evalTexts);
    const countAt = (lambda: number) => {
      const above = predictions.map((p, i) => ({ p, truth: evalTruths[i]! })).filter(({ p }) => p.probability >= lambda);
      return { n: above.length, k: above.filter(({ p, truth }) => p.label !== truth).length };
    };
    expect(certificate.threshold).not.toBeNull();
    const at = countAt(certificate.threshold!);
    expect({ n: certificate.n, k: certificate.k }).toEqual(at);
    expect(binomialCdf(at.n, alpha, at.k)).toBeLessThanOrEqual(delta);
    expect(certificate.coverage).toBeCloseTo(at.n / 60, 12);
    const below = countAt(Math.round((certificate.threshold! - 0.001) * 1000) / 1000);
    // Either the walk stopped there (its test failed) or it reached the bottom of the grid.
    if (certificate.threshold! > 0) expect(below.n === at.n ? true : binomialCdf(below.n, alpha, below.k) > delta).toBe(true);
    expect(certificate.upperBound).toBeGreaterThanOrEqual(at.k / at.n);
    expect(certificate.curve.at(-1)).toMatchObject({ coverage: 1, cases: 60 });
    expect(certificate.modelHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('certifies per label (each label its own threshold, routing by the predicted label’s) and the budget form', async () => {
    const perLabel = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'per_label', alpha: 0.3, delta: 0.1, gridStep: 0.01, labelTargets: { spam: 0.7 } });
    expect(perLabel).toMatchObject({ form: 'per_label', threshold: null, labelTargets: { spam: 0.7 } });
    // Only spam has a target: ham answers always go to people.
    expect(perLabel.labelThresholds?.ham ?? null).toBeNull();
    expect(Object.keys(perLabel.labelThresholds ?? {})).toContain('spam');
    const budget = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'budget', alpha: 0.2, delta: 0.1, gridStep: 0.01 });
    expect(budget.form).toBe('budget');
    if (budget.threshold !== null) {
      // (n/(n+1))·R̂ + 1/(n+1) ≤ α with R̂ = k / n_all, n_all = 60: (k + 1) / 61 ≤ 0.2.
      expect((budget.k + 1) / 61).toBeLessThanOrEqual(0.2);
    }
  });

  it('decides nothing until approved; approval puts it in force, resets the monitor, retires the one before, and is audited', async () => {
    await setDecisionPolicy(harness.db, projectId, { auditShare: 0, stopped: false, mode: 'human_in_the_loop' });
    const text = evalTexts[0]!;
    const first = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'error', alpha: 0.3, delta: 0.1, gridStep: 0.01 });
    expect((await createDecision(harness.db, owner, projectId, { text })).decision.routeReason).toBe('not_certified');

    await approveCertificate(harness.db, owner, projectId, first.id, 'first look');
    const probability = (await loadCasePredictor(harness.db, projectId))!.predict([text])[0]!.probability;
    const { decision } = await createDecision(harness.db, owner, projectId, { text });
    expect(decision.routeReason).toBe(probability >= first.threshold! ? 'above_threshold' : 'below_threshold');
    expect(decision.threshold).toBe(first.threshold);
    expect(decision.certificate).toMatchObject({ certificateId: first.id, alpha: 0.3, delta: 0.1, n: first.n, k: first.k, upperBound: first.upperBound, modelHash: first.modelHash, calibration: { evalItems: 60 } });
    expect(await harness.db.select().from(decisionMonitors).where(eq(decisionMonitors.projectId, projectId))).toMatchObject([{ certificateId: first.id, audits: 0, errors: 0, trippedAt: null }]);
    await expect(approveCertificate(harness.db, owner, projectId, first.id, null)).rejects.toMatchObject({ code: 'CONFLICT' });

    const second = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'error', alpha: 0.2, delta: 0.1, gridStep: 0.01 });
    await approveCertificate(harness.db, owner, projectId, second.id, null);
    const statuses = await harness.db.select({ id: thresholdCertificates.id, status: thresholdCertificates.status }).from(thresholdCertificates).where(eq(thresholdCertificates.projectId, projectId));
    expect(statuses.filter((s) => s.status === 'approved')).toEqual([{ id: second.id, status: 'approved' }]);
    expect((await listCertificates(harness.db, projectId)).find((c) => c.id === first.id)).toMatchObject({ status: 'retired', note: 'superseded', createdByName: 'Owner', approvedByName: 'Owner' });
    const approvals = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, 'certificate.approve')));
    expect(approvals).toHaveLength(2);

    await retireCertificate(harness.db, owner, projectId, second.id, 'model retrained');
    expect((await createDecision(harness.db, owner, projectId, { text })).decision.routeReason).toBe('not_certified');
  });

  it('counts audited live cases as calibration data, and refuses a version trained before the evaluation set was redrawn', async () => {
    await setDecisionPolicy(harness.db, projectId, { auditShare: 1, mode: 'human_on_the_loop' });
    const certificate = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'error', alpha: 0.3, delta: 0.1, gridStep: 0.01 });
    await approveCertificate(harness.db, owner, projectId, certificate.id, null);
    const { decision } = await createDecision(harness.db, owner, projectId, { text: 'an audited live case about nothing much' });
    expect(decision).toMatchObject({ route: 'auto', audit: true });
    const [row] = await harness.db.select().from(decisions).where(eq(decisions.id, decision.id));
    await answerDecision(harness.db, { actor: owner, role: 'admin' }, projectId, { decisionId: decision.id, answer: 'approve', inputHash: row!.inputHash });
    const again = await certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'error', alpha: 0.3, delta: 0.1, gridStep: 0.01 });
    expect(again.calibration).toMatchObject({ evalItems: 60, liveCases: 1 });

    await redrawEvalSet(harness.db, owner, projectId, { fraction: 0.2, seed: 3 });
    await expect(certifyModelVersion(harness.db, owner, projectId, { versionId, form: 'error', alpha: 0.3, delta: 0.1, gridStep: 0.01 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCompute } from '@/server/services/learning/compute';
import { loadStoredModel, getCurrentModelVersion } from '@/server/services/learning/model-versions';
import { createProjectWithModel } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { loadCasePredictor } from './case-predictor';

describe('case predictor', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  const projects: Record<'softmax' | 'mlp', { projectId: number; texts: string[] }> = {} as never;

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    const owner = await harness.createUser('Owner', 'admin');
    for (const kind of ['softmax', 'mlp'] as const) {
      const { projectId, seeded } = await createProjectWithModel(harness, owner, `predict-${kind}`, { kind });
      projects[kind] = { projectId, texts: [...seeded.slice(100).map((item) => item.text), 'a text unlike any in training', ''] };
    }
  }, 300_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it('answers nothing for a project without a model', async () => {
    const { id } = await harness.createProjectAs(await harness.createUser('Other', 'admin'), 'no-model');
    expect(await loadCasePredictor(harness.db, id)).toBeNull();
  });

  for (const kind of ['softmax', 'mlp'] as const) {
    it(`gives the learning loop's calibrated probabilities for a ${kind} model (within 1e-5)`, async () => {
      const { projectId, texts } = projects[kind];
      const current = await getCurrentModelVersion(harness.db, projectId);
      const stored = await loadStoredModel(harness.db, projectId, current!.id);
      expect(stored.kind).toBe(kind);
      const { sessionId } = await compute.openScorer({ strategy: 'margin', committeeMembers: 0, mcSamples: 0, seed: 1, artifact: stored.artifact, featurizerConfig: stored.featurizerConfig, numClasses: 2, committeeData: null });
      const { probs } = await compute.score(sessionId, texts);
      await compute.closeScorer(sessionId);
      const predictor = (await loadCasePredictor(harness.db, projectId))!;
      expect(predictor.modelVersionId).toBe(current!.id);
      expect(predictor.modelHash).toMatch(/^[0-9a-f]{64}$/);
      const answers = predictor.predict(texts);
      answers.forEach((answer, i) => {
        expect(answer.probabilities.spam).toBeCloseTo(probs[i * 2]!, 5);
        expect(answer.probabilities.ham).toBeCloseTo(probs[i * 2 + 1]!, 5);
        expect(Math.abs(answer.probabilities.spam! - probs[i * 2]!)).toBeLessThan(1e-5);
        expect(answer.probability).toBe(Math.max(answer.probabilities.spam!, answer.probabilities.ham!));
      });
      // The same version is loaded once.
      expect(await loadCasePredictor(harness.db, projectId)).toBe(predictor);
    }, 60_000);
  }

  // The latency itself is measured by the decisions bench; this bound only catches work per call that
  // belongs to loading (a model or vocabulary rebuilt each time costs tens of milliseconds).
  it('answers a short text without reloading anything per call', async () => {
    const predictor = (await loadCasePredictor(harness.db, projects.softmax.projectId))!;
    const text = 'limited offer: claim your free prize now';
    for (let i = 0; i < 200; i++) predictor.predict([text]);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) predictor.predict([`${text} ${i}`]);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });
});

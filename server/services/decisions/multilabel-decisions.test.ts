import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { items } from '@/db/schema';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { getCurrentModelVersion } from '@/server/services/learning/model-versions';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItemSets, seedLabelSetItems } from '@/server/testing/multilabel-learning-fixtures';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { answerDecision, type TReviewer } from './answer-decision';
import { loadCasePredictor } from './case-predictor';
import { createDecision } from './create-decisions';
import { describeRouteReason } from './route-reason-text';

describe('decisions in a multi-label project', () => {
  let harness: TTestHarness;
  let projectId: number;
  let reviewer: TReviewer;

  beforeAll(async () => {
    harness = await createTestHarness();
    const owner = await harness.createUser('Owner', 'admin');
    projectId = (await harness.createProjectAs(owner, 'tags', ['billing', 'outage'], { taskType: 'multi_label' })).id;
    const actor = await harness.createUser('Rita');
    await harness.addToProject(projectId, actor, 'reviewer');
    reviewer = { actor, role: 'reviewer' };
    // A trained multi-label version: the decision service must not take its sigmoids for class probabilities.
    const { items: seeded } = await seedLabelSetItems(harness.db, projectId, { count: 40, rates: [0.5, 0.4], seed: 3 });
    await labelItemSets(harness.db, seeded);
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'test' });
    const compute = createInlineCompute();
    try {
      await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    } finally {
      await compute.close();
    }
  }, 120_000);
  afterAll(() => harness.close());

  it('sends every case to people, saying the project’s model answers with label sets, and learns nothing from the answer', async () => {
    expect(await getCurrentModelVersion(harness.db, projectId)).not.toBeNull();
    const errors = vi.spyOn(console, 'error');
    expect(await loadCasePredictor(harness.db, projectId)).toBeNull();
    const { decision } = await createDecision(harness.db, reviewer.actor, projectId, { text: 'the invoice is wrong and the site is down' });
    expect(decision).toMatchObject({ status: 'pending', route: 'human', routeReason: 'no_model_for_task', prediction: null });
    expect(describeRouteReason(decision.routeReason)).toMatch(/set of labels/);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();

    // A reviewer's answer is one label, not a set: the case is decided, and no label-set item is made of it.
    const answered = await answerDecision(harness.db, reviewer, projectId, { decisionId: decision.id, answer: 'override', label: 'billing', reason: 'billing question', inputHash: decision.inputHash });
    expect(answered).toMatchObject({ outcome: 'decided', decision: { status: 'decided', label: 'billing' } });
    const feedback = await harness.db.select().from(items).where(and(eq(items.projectId, projectId), eq(items.externalId, `decision:${decision.id}`)));
    expect(feedback).toEqual([]);
  });
});

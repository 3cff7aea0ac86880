import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import type { TCompute } from '@/server/services/learning/compute';
import { listSimulations } from '@/server/services/learning/strategy-simulation';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { seedLabelSetItems } from '@/server/testing/multilabel-learning-fixtures';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { simulateProject } from './simulate-project';

describe('quorum simulate --project', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let owner: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    owner = await harness.createUser('Owner', 'manager');
  });
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it("runs a multi-label project's simulation here, as the model page's job, with every strategy its model serves", async () => {
    const project = await harness.createProjectAs(owner, 'cli-sets', ['a', 'b', 'c'], { taskType: 'multi_label' });
    await seedLabelSetItems(harness.db, project.id, { count: 120, rates: [0.5, 0.3, 0.2], seed: 4, withGold: true });
    const { result, jobId, taskType } = await simulateProject(harness.db, compute, 'cli-sets', { budget: 40, batchSize: 20, seeds: 1 });
    expect(taskType).toBe('multi_label');
    expect(result.metric).toBe('micro_f1');
    expect(Object.keys(result.strategies).sort()).toEqual(['mean_binary_entropy', 'random', 'threshold_proximity']);
    expect(result.strategies.random!.curve.map((point) => point.labels)).toEqual([20, 40]);
    // The same job the model page lists.
    const [listed] = await listSimulations(harness.db, project.id);
    expect(listed).toMatchObject({ jobId, status: 'succeeded', settings: { kind: 'sigmoid', budget: 40 } });
  }, 180_000);

  it('refuses an unknown project and settings the project cannot use, queuing nothing', async () => {
    await expect(simulateProject(harness.db, compute, 'nowhere', {})).rejects.toThrow('no project "nowhere"');
    await expect(simulateProject(harness.db, compute, 'cli-sets', { strategies: ['margin'] })).rejects.toThrow(/Margin ranks one label per item/);
    await expect(simulateProject(harness.db, compute, 'cli-sets', { kind: 'cnn' })).rejects.toThrow(/image/i);
    expect(await listSimulations(harness.db, (await harness.createProjectAs(owner, 'cli-empty', ['x', 'y'])).id)).toEqual([]);
    await expect(simulateProject(harness.db, compute, 'cli-empty', {})).rejects.toThrow(/at least 50 gold-labeled items/);
  });
});

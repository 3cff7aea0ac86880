import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { seedLearningItems } from '@/server/testing/learning-fixtures';
import type { TCompute } from './compute';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { listSimulations, requestSimulation } from './strategy-simulation';

describe('simulations on a project’s gold labels', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'sim', ['a', 'b'])).id;
  });
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it('refuses a project without enough gold labels, and bad settings', async () => {
    await expect(requestSimulation(harness.db, admin, projectId, { strategies: ['margin'] })).rejects.toThrow(/at least 50 gold-labeled items/);
    await expect(requestSimulation(harness.db, admin, projectId, { strategies: [] })).rejects.toThrow();
    await expect(requestSimulation(harness.db, admin, projectId, { strategies: ['bald'], kind: 'softmax' })).rejects.toThrow(/MLP/);
  });

  it('runs as a job and stores curves, areas, labels to 95% and a recommendation', async () => {
    const { items, labelIds } = await seedLearningItems(harness.db, projectId, { count: 200, seed: 12 });
    for (const item of items) await harness.db.execute(sql`update items set gold_label_id = ${labelIds[item.label]} where id = ${item.id}`);
    const job = await requestSimulation(harness.db, admin, projectId, { strategies: ['random', 'margin'], budget: 60, batchSize: 20, seeds: 2 });
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    const [simulation] = await listSimulations(harness.db, projectId);
    expect(simulation).toMatchObject({ jobId: job.id, status: 'succeeded', settings: { budget: 60, batchSize: 20, seeds: 2 } });
    const result = simulation!.result!;
    expect(result.dataset).toMatchObject({ items: 200, classes: ['a', 'b'], evalSize: 40, poolSize: 160 });
    for (const name of ['random', 'margin']) {
      const outcome = result.strategies[name]!;
      expect(outcome.curve.map((p) => p.labels)).toEqual([20, 40, 60]);
      expect(outcome.full_accuracy).toBeGreaterThan(0.8);
      expect(outcome.aulc).toBeGreaterThan(0);
      const reached = outcome.curve.find((p) => p.accuracy >= 0.95 * outcome.full_accuracy)?.labels ?? null;
      expect(outcome.labels_to_95).toBe(reached);
    }
    expect(result.recommendation?.strategy).toMatch(/random|margin/);
  }, 180_000);
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItems, seedLearningItems, type TSeededItem } from '@/server/testing/learning-fixtures';
import type { TCompute } from './compute';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { enqueueTraining, listProjectJobs } from '@/server/services/jobs/jobs';
import { updateProject } from '@/server/services/projects/projects';
import { updateLearningSettings } from './learning-settings';
import { toPgArray } from './rescore-pool';

type TQueueRow = { id: number; priority: number; score: number };

describe('rescoring the queue', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
  });
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  let projectCount = 0;
  /** A project with `labeled` labels per class and the given learning settings, trained once. */
  async function trainProject(settings: Partial<TProjectSettings>, labeledPerClass: number): Promise<{ projectId: number; items: TSeededItem[] }> {
    const projectId = (await harness.createProjectAs(admin, `scoring-${++projectCount}`, ['a', 'b'])).id;
    await updateProject(harness.db, admin, projectId, { settings });
    const { items, labelIds } = await seedLearningItems(harness.db, projectId, { count: 160, seed: projectCount });
    const chosen = [0, 1].flatMap((c) => items.filter((item) => item.label === c).slice(0, labeledPerClass));
    await labelItems(harness.db, chosen.map((item) => ({ id: item.id, labelId: labelIds[item.label]! })));
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'test' });
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job, JSON.stringify(job?.error)).toMatchObject({ status: 'succeeded' });
    return { projectId, items };
  }

  async function readQueue(projectId: number): Promise<TQueueRow[]> {
    const result = await harness.db.execute<TQueueRow>(sql`
      select i.id, i.priority, p.score from items i join predictions p on p.item_id = i.id
      where i.project_id = ${projectId} and i.status = 'open' and not i.is_eval order by i.priority desc`);
    return result.rows.map((row) => ({ id: Number(row.id), priority: row.priority, score: row.score }));
  }

  it.each([
    ['least_confidence', {}],
    ['entropy', {}],
    ['committee', {}],
    ['bald', { modelKind: 'mlp' }],
  ] as const)('orders the queue by %s', async (strategy, extra) => {
    const { projectId } = await trainProject({ samplingStrategy: strategy, batchDiversity: 'none', explorationShare: 0, ...extra }, 15);
    const queue = await readQueue(projectId);
    expect(queue).toHaveLength(130);
    expect(queue.every((row) => row.priority > 1)).toBe(true);
    if (strategy === 'least_confidence' || strategy === 'entropy') {
      // Two classes: both rank by the top probability, lowest first.
      for (let i = 1; i < queue.length; i++) expect(queue[i]!.score).toBeGreaterThanOrEqual(queue[i - 1]!.score - 1e-6);
    } else {
      // Committee and BALD disagree with plain confidence somewhere, but still favour uncertain items.
      const top = queue.slice(0, 20).reduce((sum, row) => sum + row.score, 0) / 20;
      const bottom = queue.slice(-20).reduce((sum, row) => sum + row.score, 0) / 20;
      expect(top).toBeLessThan(bottom);
    }
  }, 120_000);

  it('serves a diverse, partly random head of the queue', async () => {
    const { projectId } = await trainProject({ samplingStrategy: 'margin', batchDiversity: 'kcenter', explorationShare: 0.3, retrainEvery: 20 }, 15);
    const queue = await readQueue(projectId);
    const isSorted = queue.every((row, i) => i === 0 || row.score >= queue[i - 1]!.score - 1e-6);
    expect(isSorted).toBe(false);
    // Still mostly uncertain items first.
    const top = queue.slice(0, 30).reduce((sum, row) => sum + row.score, 0) / 30;
    const bottom = queue.slice(-30).reduce((sum, row) => sum + row.score, 0) / 30;
    expect(top).toBeLessThan(bottom);
  }, 120_000);

  it('serves k-means representatives of the pool first in cold start (a class with fewer than 5 labels), then a random order', async () => {
    const picked: number[][] = [];
    const inner = compute;
    compute = {
      ...inner,
      selectRepresentatives: async (sessionId, texts, count) => {
        const positions = await inner.selectRepresentatives(sessionId, texts, count);
        picked.push(positions.map((p) => Number(/#(\d+)$/.exec((texts as string[])[p]!)![1])));
        return positions;
      },
    };
    try {
      const { projectId, items } = await trainProject({ samplingStrategy: 'margin', batchDiversity: 'none', explorationShare: 0, retrainEvery: 12 }, 3);
      const queue = await readQueue(projectId);
      expect(picked).toHaveLength(1);
      expect(picked[0]).toHaveLength(12);
      // The head is exactly the representatives, in the order chosen; the rest is not score order.
      const indexOf = new Map(items.map((item, i) => [item.id, i]));
      expect(queue.slice(0, 12).map((row) => indexOf.get(row.id))).toEqual(picked[0]);
      const rest = queue.slice(12);
      expect(rest.every((row, i) => i === 0 || row.score >= rest[i - 1]!.score - 1e-6)).toBe(false);
      expect(queue.every((row) => row.priority > 1)).toBe(true);
    } finally {
      compute = inner;
    }
  }, 120_000);

  it("flags human labels the model contradicts at the project's disagreement bar, and a lower bar flags more", async () => {
    const { projectId, items } = await trainProject({ disagreementConfidence: 0.99, explorationShare: 0 }, 3);
    const labels = await harness.db.execute<{ id: number }>(sql`select id from project_labels where project_id = ${projectId} order by position`);
    const labelIds = labels.rows.map((row) => Number(row.id));
    // People label items after the version was trained, each the opposite of what the model predicts.
    const predicted = await harness.db.execute<{ item_id: number; label_id: number; score: number }>(sql`
      select p.item_id, p.label_id, p.score from predictions p join items i on i.id = p.item_id
      where i.project_id = ${projectId} and i.status = 'open' and not i.is_eval order by i.id limit 30`);
    const given = predicted.rows.map((row) => ({ id: Number(row.item_id), labelId: labelIds.find((id) => id !== Number(row.label_id))! }));
    await labelItems(harness.db, given);
    for (const { id, labelId } of given) {
      await harness.db.execute(sql`insert into annotations (project_id, item_id, annotator_id, label_id) values (${projectId}, ${id}, ${admin.userId}, ${labelId})`);
    }
    const contradicted = (bar: number) => predicted.rows.filter((row) => row.score >= bar).map((row) => Number(row.item_id)).sort((a, b) => a - b);
    const flagged = async () => {
      const rows = await harness.db.execute<{ item_id: number }>(sql`select item_id from review_tasks where project_id = ${projectId} and reason = 'model_disagrees' and status = 'open'`);
      return rows.rows.map((row) => Number(row.item_id)).sort((a, b) => a - b);
    };
    await enqueueTraining(harness.db, { projectId, mode: 'rescore', reason: 'test' });
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    expect(await flagged()).toEqual(contradicted(0.99));
    await updateLearningSettings(harness.db, admin, projectId, { disagreementConfidence: 0.5 });
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    // Two classes: every contradiction is at least 50% sure.
    expect(await flagged()).toEqual(contradicted(0.5));
    expect(contradicted(0.5).length).toBeGreaterThan(contradicted(0.99).length);
    expect(items.length).toBe(160);
  }, 120_000);

  it('writes arrays as one parameter', () => {
    expect(toPgArray([1, 2.5, -3])).toBe('{1,2.5,-3}');
    expect(toPgArray([])).toBe('{}');
    expect(() => toPgArray([Number.NaN])).toThrow(RangeError);
  });
});

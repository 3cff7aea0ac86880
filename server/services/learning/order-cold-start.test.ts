import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticText } from '@/ml/fixtures/synthetic-text';
import type { TActor } from '@/server/auth/actor';
import { importItems } from '@/server/services/data/import-items';
import { listProjectJobs } from '@/server/services/jobs/jobs';
import { updateProject } from '@/server/services/projects/projects';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import type { TCompute } from './compute';

describe('ordering a new project’s queue before any model', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
  });
  afterAll(async () => {
    await compute?.close();
    await harness.close();
  });

  it('puts k-means representatives of the imported pool at the head of the queue, in the order chosen', async () => {
    const project = await harness.createProjectAs(admin, 'cold-order', ['a', 'b', 'c']);
    await updateProject(harness.db, admin, project.id, { settings: { retrainEvery: 12, evalFraction: 0 } });
    // Three topics of very different sizes: a random first batch of 12 would mostly be the big one.
    const { texts, labels } = generateSyntheticText({ numClasses: 3, perClass: 240, seed: 4, signal: 0.6 });
    const keep = [0, 1, 2].flatMap((c) => Array.from(labels.keys()).filter((i) => labels[i] === c).slice(0, [240, 40, 12][c]));
    const topicOf = new Map(keep.map((i) => [`${texts[i]} #${i}`, labels[i]!]));
    const csv = ['text', ...[...topicOf.keys()].map((text) => `"${text}"`)].join('\n');
    await importItems(harness.db, admin, project.id, csv, { format: 'csv', mapping: { textField: 'text' } });

    const picked: number[][] = [];
    const inner = createInlineCompute();
    compute = {
      ...inner,
      selectColdStartBatch: async (batchTexts, count, featurizer, seed) => {
        const positions = await inner.selectColdStartBatch(batchTexts, count, featurizer, seed);
        picked.push(positions.map((p) => topicOf.get(batchTexts[p]!)!));
        return positions;
      },
    };
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });

    const jobs = await listProjectJobs(harness.db, project.id);
    expect(jobs.map((job) => [job.payload.mode, job.status])).toEqual([['order', 'succeeded']]);
    const head = await harness.db.execute<{ text: string }>(sql`
      select text from items where project_id = ${project.id} and status = 'open' order by priority desc limit 12`);
    const headTopics = head.rows.map((row) => topicOf.get(row.text)!);
    expect(headTopics).toEqual(picked[0]);
    // Coverage, not proportion: the smaller topics (12% and 4% of the pool) are in the first batch.
    expect(new Set(headTopics).size).toBe(3);
    expect(headTopics.filter((topic) => topic === 0).length).toBeLessThan(12 * 0.82);
  });

  it('leaves the order to the model once a version exists', async () => {
    const project = await harness.createProjectAs(admin, 'has-model', ['a', 'b']);
    await harness.db.execute(sql`insert into model_versions (project_id, version, status, kind, strategy) values (${project.id}, 1, 'ready', 'softmax', 'margin')`);
    await importItems(harness.db, admin, project.id, 'text\none\ntwo\n', { format: 'csv', mapping: { textField: 'text' } });
    expect(await listProjectJobs(harness.db, project.id)).toEqual([]);
  });
});

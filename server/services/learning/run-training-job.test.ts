import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items, jobs, modelVersions, predictions, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { labelItems, seedLearningItems, type TSeededItem } from '@/server/testing/learning-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import type { TCompute } from './compute';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { enqueueTraining, listProjectJobs } from '@/server/services/jobs/jobs';
import { onLabelsChanged } from './learning-hooks';
import { getCurrentModelVersion, listModelVersions, pinModelVersion } from './model-versions';
import { updateProject } from '@/server/services/projects/projects';

describe('the learning loop on a project', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;
  let projectId: number;
  let seeded: TSeededItem[];
  let labelIds: number[];
  let evalItems: TSeededItem[];
  let trainItems: TSeededItem[];

  const runJobs = () => runWorker({ db: harness.db, compute, exitWhenIdle: true, leaseMs: 30_000 });

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'loop', ['ham', 'spam'])).id;
    await updateProject(harness.db, admin, projectId, { settings: { retrainEvery: 20, batchDiversity: 'none', explorationShare: 0 } });
    ({ items: seeded, labelIds } = await seedLearningItems(harness.db, projectId, { count: 300, seed: 3 }));
    evalItems = seeded.slice(0, 40);
    trainItems = seeded.slice(40, 120);
    await harness.db.execute(sql`update items set is_eval = true where id in (${sql.join(evalItems.map((i) => sql`${i.id}`), sql`, `)})`);
  }, 60_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it('queues a training every retrainEvery label changes', async () => {
    for (let i = 0; i < 19; i++) expect((await onLabelsChanged(harness.db, projectId)).isTrainingQueued).toBe(false);
    expect((await onLabelsChanged(harness.db, projectId)).isTrainingQueued).toBe(true);
    expect((await onLabelsChanged(harness.db, projectId)).isTrainingQueued).toBe(false);
    const queued = await listProjectJobs(harness.db, projectId);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'train', status: 'queued', payload: { mode: 'train', reason: 'labels' } });
  });

  it('skips training while only one class has labels', async () => {
    await labelItems(harness.db, trainItems.filter((item) => item.label === 0).slice(0, 3).map((item) => ({ id: item.id, labelId: labelIds[0]! })));
    await runJobs();
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job).toMatchObject({ status: 'succeeded', result: { skipped: true } });
    expect(await listModelVersions(harness.db, projectId)).toEqual([]);
  });

  it('trains, evaluates on the evaluation set, scores the pool and orders the queue by margin', async () => {
    // 80 labels (the 3 above included), 3 of them obviously wrong, and human labels on the evaluation set with 2 wrong.
    const wrong = new Set(trainItems.slice(0, 3).map((item) => item.id));
    await labelItems(harness.db, trainItems.map((item) => ({ id: item.id, labelId: labelIds[wrong.has(item.id) ? 1 - item.label : item.label]! })));
    const evalWrong = new Set(evalItems.slice(0, 2).map((item) => item.id));
    await labelItems(harness.db, evalItems.slice(0, 30).map((item) => ({ id: item.id, labelId: labelIds[evalWrong.has(item.id) ? 1 - item.label : item.label]! })));
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();

    const [version] = await listModelVersions(harness.db, projectId);
    expect(version).toMatchObject({ version: 1, status: 'ready', kind: 'softmax', strategy: 'margin', labelCount: 80, isCurrent: true, backend: 'wasm' });
    // Evaluated on the 30 labeled evaluation items, two of them mislabeled on purpose.
    expect(version!.evalSize).toBe(30);
    expect(version!.accuracy!.value).toBeGreaterThan(0.8);
    expect(version!.accuracy!.ci95[0]).toBeLessThanOrEqual(version!.accuracy!.value);

    // One prediction per item of the project.
    const [{ n }] = (await harness.db.execute<{ n: number }>(sql`select count(*)::int as n from predictions where model_version_id = ${version!.id}`)).rows as [{ n: number }];
    expect(n).toBe(300);

    // Open, non-evaluation items are ordered by margin: the least sure prediction first.
    const queue = await harness.db.execute<{ priority: number; score: number; priority_version_id: number }>(sql`
      select i.priority, p.score, i.priority_version_id from items i join predictions p on p.item_id = i.id and p.model_version_id = ${version!.id}
      where i.project_id = ${projectId} and i.status = 'open' and not i.is_eval order by i.priority desc`);
    expect(queue.rows).toHaveLength(300 - 40 - 80);
    expect(queue.rows.every((row) => row.priority_version_id === version!.id && row.priority > 1 && row.priority <= 2)).toBe(true);
    for (let i = 1; i < queue.rows.length; i++) expect(queue.rows[i]!.score).toBeGreaterThanOrEqual(queue.rows[i - 1]!.score - 1e-6);
    // Labeled and evaluation items keep their priority.
    const untouched = await harness.db.execute<{ n: number }>(sql`
      select count(*)::int as n from items where project_id = ${projectId} and (status <> 'open' or is_eval) and priority_version_id is not null`);
    expect(untouched.rows[0]!.n).toBe(0);

    // The wrong training labels are likely mislabeled; the wrong evaluation labels are model disagreements.
    const tasks = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.projectId, projectId));
    const mislabeled = tasks.filter((t) => t.reason === 'likely_mislabeled').map((t) => t.itemId);
    const disagreements = tasks.filter((t) => t.reason === 'model_disagrees').map((t) => t.itemId);
    expect(mislabeled.filter((id) => wrong.has(id)).length).toBeGreaterThanOrEqual(2);
    expect(disagreements.filter((id) => evalWrong.has(id)).length).toBeGreaterThanOrEqual(1);
    expect(disagreements.every((id) => evalItems.some((item) => item.id === id))).toBe(true);
  }, 120_000);

  it('rolls back to a pinned version, which then scores the queue', async () => {
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();
    const [v2, v1] = await listModelVersions(harness.db, projectId);
    expect(v2).toMatchObject({ version: 2, isCurrent: true });
    await pinModelVersion(harness.db, admin, projectId, v1!.id);
    expect(await getCurrentModelVersion(harness.db, projectId)).toMatchObject({ version: 1 });
    await runJobs();
    const owners = await harness.db.execute<{ v: number }>(sql`
      select distinct priority_version_id as v from items where project_id = ${projectId} and status = 'open' and not is_eval`);
    expect(owners.rows.map((row) => row.v)).toEqual([v1!.id]);
    // Only the current (pinned) version's predictions are kept.
    const kept = await harness.db.selectDistinct({ v: predictions.modelVersionId }).from(predictions).where(eq(predictions.projectId, projectId));
    expect(kept.map((row) => row.v)).toEqual([v1!.id]);
  }, 120_000);

  it('leaves the current version in place when training fails, and retries into the same version row', async () => {
    const failing: TCompute = { ...compute, train: () => Promise.reject(new Error('simulated crash in training')) };
    const { job } = await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runWorker({ db: harness.db, compute: failing, exitWhenIdle: true });
    const [failed] = await harness.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, error: 'simulated crash in training' });
    const versions = await listModelVersions(harness.db, projectId);
    expect(versions[0]).toMatchObject({ version: 3, status: 'failed' });
    expect(await getCurrentModelVersion(harness.db, projectId)).toMatchObject({ version: 1 });

    await harness.db.execute(sql`update jobs set run_after = now() where id = ${job.id}`);
    await runJobs();
    const after = await harness.db.select().from(modelVersions).where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.version, 3)));
    expect(after[0]).toMatchObject({ status: 'ready' });
    expect(await harness.db.select().from(modelVersions).where(eq(modelVersions.projectId, projectId))).toHaveLength(3);
    // Still pinned to version 1.
    expect(await getCurrentModelVersion(harness.db, projectId)).toMatchObject({ version: 1 });
    const [row] = await harness.db.select({ status: items.status }).from(items).where(eq(items.id, seeded[200]!.id));
    expect(row!.status).toBe('open');
  }, 120_000);
});

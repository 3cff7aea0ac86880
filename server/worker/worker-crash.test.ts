import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { getCurrentModelVersion, listModelVersions } from '@/server/services/learning/model-versions';
import { updateProject } from '@/server/services/projects/projects';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItems, seedLearningItems } from '@/server/testing/learning-fixtures';
import { createInlineCompute } from './compute/compute-service';
import { runWorker } from './worker-loop';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LEASE_SECONDS = 3;

/**
 * A `quorum worker` process killed (SIGKILL) in the middle of a training on PostgreSQL: the
 * previous version stays current, and once the lease runs out another worker retries the
 * job into the same version row.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a worker killed mid-training (PostgreSQL)', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let projectId: number;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'crash', ['ham', 'spam'])).id;
    const { items, labelIds } = await seedLearningItems(harness.db, projectId, { count: 2400, seed: 9 });
    await labelItems(harness.db, items.slice(0, 2000).map((item) => ({ id: item.id, labelId: labelIds[item.label]! })));
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await harness.close();
  });

  it('keeps the previous model current and retries the job elsewhere', async () => {
    const compute = createInlineCompute();
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'first' });
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    expect(await getCurrentModelVersion(harness.db, projectId)).toMatchObject({ version: 1 });

    // The MLP takes several seconds to train on 2,000 labels: enough time to kill its worker.
    await updateProject(harness.db, admin, projectId, { settings: { modelKind: 'mlp' } });
    const { job } = await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'second' });
    const databaseUrl = (harness.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;
    child = spawn(process.execPath, [path.join(ROOT, 'bin/quorum.js'), 'worker', '--lease-seconds', String(LEASE_SECONDS), '--poll-ms', '200'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: 'ignore',
    });
    await waitFor(async () => {
      const [row] = await harness.db.select().from(jobs).where(eq(jobs.id, job.id));
      const progress = row?.progress as { stage?: string; epoch?: number } | null;
      return row?.status === 'running' && progress?.stage === 'training' && (progress.epoch ?? 0) >= 1;
    }, 120_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = null;

    const [stalled] = await harness.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(stalled).toMatchObject({ status: 'running', attempts: 1 });
    expect(await getCurrentModelVersion(harness.db, projectId)).toMatchObject({ version: 1 });
    expect((await listModelVersions(harness.db, projectId))[0]).toMatchObject({ version: 2, status: 'training' });

    // Nobody takes the job before its lease runs out…
    expect((await runWorker({ db: harness.db, compute, exitWhenIdle: true })).processed).toBe(0);
    await harness.db.execute(sql`select pg_sleep(${LEASE_SECONDS + 0.5})`);
    // …then another worker does, and finishes the same version.
    expect((await runWorker({ db: harness.db, compute, exitWhenIdle: true })).processed).toBe(1);
    const [finished] = await harness.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(finished).toMatchObject({ status: 'succeeded', attempts: 2 });
    const versions = await listModelVersions(harness.db, projectId);
    expect(versions.map((v) => [v.version, v.status, v.kind])).toEqual([
      [2, 'ready', 'mlp'],
      [1, 'ready', 'softmax'],
    ]);
    expect(await getCurrentModelVersion(harness.db, projectId)).toMatchObject({ version: 2 });
    await compute.close();
  }, 300_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('timed out waiting for the worker');
}

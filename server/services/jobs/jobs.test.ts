import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '@/db/schema';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { claimNextJob, completeJob, enqueueJob, enqueueTraining, failJob, heartbeatJob, listProjectJobs } from './jobs';

describe('job queue', () => {
  let harness: TTestHarness;
  let projectA: number;
  let projectB: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    const admin = await harness.createUser('Admin', 'admin');
    projectA = (await harness.createProjectAs(admin, 'jobs-a')).id;
    projectB = (await harness.createProjectAs(admin, 'jobs-b')).id;
  });
  afterAll(() => harness.close());

  const clear = () => harness.db.delete(jobs);
  const expireLease = (jobId: number) => harness.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${jobId}`);

  it('runs a job from claim to completion', async () => {
    await clear();
    const queued = await enqueueJob(harness.db, { projectId: projectA, kind: 'simulate', payload: { budget: 10 } });
    const claimed = await claimNextJob(harness.db, { workerId: 'w1' });
    expect(claimed).toMatchObject({ id: queued.id, status: 'running', attempts: 1, lockedBy: 'w1', payload: { budget: 10 } });
    expect(await claimNextJob(harness.db, { workerId: 'w2' })).toBeNull();
    expect(await heartbeatJob(harness.db, { jobId: queued.id, workerId: 'w1', progress: { epoch: 3 } })).toBe(true);
    expect(await completeJob(harness.db, { jobId: queued.id, workerId: 'w1', result: { ok: true } })).toBe(true);
    const [done] = await listProjectJobs(harness.db, projectA);
    expect(done).toMatchObject({ status: 'succeeded', result: { ok: true }, progress: { epoch: 3 }, lockedBy: null });
  });

  it('keeps one waiting training per project and lets a full training win the merge', async () => {
    await clear();
    const first = await enqueueTraining(harness.db, { projectId: projectA, mode: 'rescore', reason: 'pin' });
    const second = await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' });
    const third = await enqueueTraining(harness.db, { projectId: projectA, mode: 'rescore', reason: 'strategy' });
    expect(first.isNew).toBe(true);
    expect(second).toMatchObject({ isNew: false, job: { id: first.job.id, payload: { mode: 'train', reason: 'labels' } } });
    expect(third.job.payload).toEqual({ mode: 'train', reason: 'labels' });
    expect(await listProjectJobs(harness.db, projectA)).toHaveLength(1);
    // Once it runs, the next request queues a new one.
    await claimNextJob(harness.db, { workerId: 'w1' });
    expect((await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' })).isNew).toBe(true);
  });

  it('never runs two trainings of one project at once, but other projects go ahead', async () => {
    await clear();
    await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' });
    const running = await claimNextJob(harness.db, { workerId: 'w1' });
    await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' });
    const other = await enqueueTraining(harness.db, { projectId: projectB, mode: 'train', reason: 'labels' });
    expect(await claimNextJob(harness.db, { workerId: 'w2' })).toMatchObject({ id: other.job.id });
    expect(await claimNextJob(harness.db, { workerId: 'w3' })).toBeNull();
    await completeJob(harness.db, { jobId: running!.id, workerId: 'w1', result: {} });
    expect(await claimNextJob(harness.db, { workerId: 'w3' })).toMatchObject({ projectId: projectA, status: 'running' });
  });

  it('hands a job whose worker died to another worker, and the old worker learns it lost it', async () => {
    await clear();
    const queued = await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' });
    await claimNextJob(harness.db, { workerId: 'dead' });
    expect(await claimNextJob(harness.db, { workerId: 'w2' })).toBeNull();
    await expireLease(queued.job.id);
    const retried = await claimNextJob(harness.db, { workerId: 'w2' });
    expect(retried).toMatchObject({ id: queued.job.id, attempts: 2, lockedBy: 'w2' });
    expect(await heartbeatJob(harness.db, { jobId: queued.job.id, workerId: 'dead' })).toBe(false);
    expect(await completeJob(harness.db, { jobId: queued.job.id, workerId: 'dead', result: {} })).toBe(false);
    expect(await completeJob(harness.db, { jobId: queued.job.id, workerId: 'w2', result: {} })).toBe(true);
  });

  it('fails a job for good once its worker died on the last attempt', async () => {
    await clear();
    const queued = await enqueueJob(harness.db, { projectId: projectA, kind: 'train', maxAttempts: 1 });
    await claimNextJob(harness.db, { workerId: 'dead' });
    await expireLease(queued.id);
    expect(await claimNextJob(harness.db, { workerId: 'w2' })).toBeNull();
    const [row] = await harness.db.select().from(jobs).where(eq(jobs.id, queued.id));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.error).toMatch(/stopped responding/);
  });

  it('retries a failed attempt after a backoff, then gives up', async () => {
    await clear();
    const queued = await enqueueJob(harness.db, { projectId: projectA, kind: 'simulate', maxAttempts: 2 });
    await claimNextJob(harness.db, { workerId: 'w1' });
    expect(await failJob(harness.db, { jobId: queued.id, workerId: 'w1', error: 'boom' })).toBe('retrying');
    expect(await claimNextJob(harness.db, { workerId: 'w1' })).toBeNull(); // backoff
    await harness.db.execute(sql`update jobs set run_after = now() where id = ${queued.id}`);
    expect(await claimNextJob(harness.db, { workerId: 'w1' })).toMatchObject({ attempts: 2 });
    expect(await failJob(harness.db, { jobId: queued.id, workerId: 'w1', error: 'boom again' })).toBe('failed');
    const [row] = await harness.db.select().from(jobs).where(eq(jobs.id, queued.id));
    expect(row).toMatchObject({ status: 'failed', error: 'boom again' });
    expect(row!.finishedAt).not.toBeNull();
  });

  it('fails a training instead of re-queueing it when a newer one waits', async () => {
    await clear();
    const first = await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' });
    await claimNextJob(harness.db, { workerId: 'w1' });
    await enqueueTraining(harness.db, { projectId: projectA, mode: 'train', reason: 'labels' });
    expect(await failJob(harness.db, { jobId: first.job.id, workerId: 'w1', error: 'out of memory' })).toBe('failed');
    const rows = await listProjectJobs(harness.db, projectA);
    expect(rows.map((r) => r.status).sort()).toEqual(['failed', 'queued']);
  });

  it('lets only one of two simultaneous claims run a project’s job of a kind', async () => {
    await clear();
    await enqueueJob(harness.db, { projectId: projectA, kind: 'simulate' });
    await enqueueJob(harness.db, { projectId: projectA, kind: 'simulate' });
    const claims = await Promise.all([claimNextJob(harness.db, { workerId: 'w1' }), claimNextJob(harness.db, { workerId: 'w2' })]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    const running = await harness.db.select().from(jobs).where(eq(jobs.status, 'running'));
    expect(running).toHaveLength(1);
  });

  it('claims a named job only, and not while its project runs another of its kind', async () => {
    await clear();
    const older = await enqueueJob(harness.db, { projectId: projectA, kind: 'simulate' });
    const mine = await enqueueJob(harness.db, { projectId: projectB, kind: 'simulate' });
    expect((await claimNextJob(harness.db, { workerId: 'cli', jobId: mine.id }))?.id).toBe(mine.id);
    const next = await enqueueJob(harness.db, { projectId: projectB, kind: 'simulate' });
    expect(await claimNextJob(harness.db, { workerId: 'cli', jobId: next.id })).toBeNull();
    expect((await claimNextJob(harness.db, { workerId: 'w1' }))?.id).toBe(older.id);
  });
});

import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { jobs, type TJobStatus } from '@/db/schema';
import { getPgErrorCode, PG_UNIQUE_VIOLATION } from '@/server/errors';

/**
 * The background job queue: rows of `jobs` claimed with FOR UPDATE SKIP LOCKED, so any
 * number of `quorum worker` processes share it on PostgreSQL and the in-app worker uses the
 * same code on the embedded database. A claim is a lease: the worker extends it while it
 * works (heartbeat); a worker that dies stops extending, and once the lease runs out the
 * job is claimed again (attempts + 1) until it has used `max_attempts`. A unique index
 * allows one running job of a kind per project, so one project never trains twice at once.
 */

export const JOB_KINDS = ['train', 'simulate'] as const;
export type TJobKind = (typeof JOB_KINDS)[number];
export type TJob = typeof jobs.$inferSelect;

export const DEFAULT_LEASE_MS = 60_000;
/** Retry backoff after a failed attempt: 10 s, 40 s, 90 s… */
const RETRY_BASE_MS = 10_000;

type TJobRow = {
  id: number | string;
  project_id: number | null;
  kind: string;
  status: TJobStatus;
  payload: Record<string, unknown>;
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  attempts: number;
  max_attempts: number;
  run_after: Date | string;
  locked_by: string | null;
  locked_until: Date | string | null;
  error: string | null;
  created_by: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
};

function toJob(row: TJobRow): TJob {
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return {
    id: Number(row.id),
    projectId: row.project_id,
    kind: row.kind,
    status: row.status,
    payload: row.payload,
    progress: row.progress,
    result: row.result,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: new Date(row.run_after),
    lockedBy: row.locked_by,
    lockedUntil: date(row.locked_until),
    error: row.error,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
  };
}

export type TEnqueueJobInput = {
  projectId: number | null;
  kind: TJobKind;
  payload?: Record<string, unknown>;
  createdBy?: string | null;
  maxAttempts?: number;
};

export async function enqueueJob(db: Database, input: TEnqueueJobInput): Promise<TJob> {
  const [job] = await db
    .insert(jobs)
    .values({
      projectId: input.projectId,
      kind: input.kind,
      payload: input.payload ?? {},
      createdBy: input.createdBy ?? null,
      maxAttempts: input.maxAttempts ?? 3,
    })
    .returning();
  if (!job) throw new Error('job insert returned nothing');
  return job;
}

/** 'order': no model yet, so new items are ordered for coverage (k-means representatives first). */
export type TTrainingMode = 'train' | 'rescore' | 'order';

/**
 * Asks for a training (or a rescoring only) of a project. A project has at most one waiting
 * training job: a new request merges into it (a full training wins over a rescoring), so a
 * burst of labels queues one training, not fifty. Returns the waiting job and whether it is new.
 */
export async function enqueueTraining(
  db: Database,
  input: { projectId: number; mode: TTrainingMode; reason: string; createdBy?: string | null; delayMs?: number },
): Promise<{ job: TJob; isNew: boolean }> {
  const payload = { mode: input.mode, reason: input.reason };
  // A queued job keeps its run_after: requests arriving during a delay join the job the first one queued.
  const result = await db.execute<TJobRow & { is_new: boolean }>(sql`
    insert into jobs (project_id, kind, payload, created_by, run_after)
    values (${input.projectId}, 'train', ${JSON.stringify(payload)}::jsonb, ${input.createdBy ?? null}, now() + make_interval(secs => ${(input.delayMs ?? 0) / 1000}))
    on conflict (project_id) where status = 'queued' and kind = 'train'
    do update set payload = case when excluded.payload->>'mode' = 'train' then excluded.payload else jobs.payload end
    returning *, (xmax = 0) as is_new`);
  const row = result.rows[0];
  if (!row) throw new Error('training enqueue returned nothing');
  return { job: toJob(row), isNew: Boolean(row.is_new) };
}

export type TClaimOptions = {
  workerId: string;
  kinds?: readonly TJobKind[];
  leaseMs?: number;
  /** Claim this job or none (a CLI command running the job it queued). */
  jobId?: number;
};

/**
 * Claims the next runnable job: a queued one whose time has come, or a running one whose
 * lease expired (its worker died). Jobs whose attempts are used up are failed first. Skips
 * jobs whose project already runs a job of the same kind. Returns null when there is nothing.
 */
export async function claimNextJob(db: Database, { workerId, kinds = JOB_KINDS, leaseMs = DEFAULT_LEASE_MS, jobId }: TClaimOptions): Promise<TJob | null> {
  await db.execute(sql`
    update jobs set status = 'failed', finished_at = now(), locked_by = null, locked_until = null,
      error = coalesce(error || ' — ', '') || 'the worker stopped responding on the last attempt (' || attempts || ' of ' || max_attempts || ')'
    where status = 'running' and locked_until < now() and attempts >= max_attempts`);
  const kindList = sql.join(kinds.map((kind) => sql`${kind}`), sql`, `);
  // Two workers may pick two queued jobs of one project and kind at once; the unique index
  // lets one of them win and the other try again (then the winner's row is visible).
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const result = await db.execute<TJobRow>(sql`
        with candidate as (
          select j.id from jobs j
          where j.kind in (${kindList}) and (${jobId ?? null}::int is null or j.id = ${jobId ?? null})
            and ((j.status = 'queued' and j.run_after <= now()) or (j.status = 'running' and j.locked_until < now()))
            and not exists (
              select 1 from jobs r
              where r.project_id = j.project_id and r.kind = j.kind and r.status = 'running' and r.id <> j.id)
          order by j.run_after, j.id
          limit 1
          for update of j skip locked
        )
        update jobs set status = 'running', attempts = jobs.attempts + 1, locked_by = ${workerId},
          locked_until = now() + make_interval(secs => ${leaseMs / 1000}), started_at = coalesce(jobs.started_at, now())
        from candidate where jobs.id = candidate.id
        returning jobs.*`);
      const row = result.rows[0];
      return row ? toJob(row) : null;
    } catch (error) {
      if (getPgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
    }
  }
  return null;
}

/**
 * Extends the lease of a job this worker holds, storing progress if given. False when the
 * job is no longer ours (the lease ran out and another worker took it): stop working on it.
 */
export async function heartbeatJob(
  db: Database,
  { jobId, workerId, leaseMs = DEFAULT_LEASE_MS, progress }: { jobId: number; workerId: string; leaseMs?: number; progress?: Record<string, unknown> },
): Promise<boolean> {
  const result = await db.execute<{ id: number }>(sql`
    update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      progress = coalesce(${progress ? JSON.stringify(progress) : null}::jsonb, progress)
    where id = ${jobId} and locked_by = ${workerId} and status = 'running'
    returning id`);
  return result.rows.length > 0;
}

export async function completeJob(db: Database, { jobId, workerId, result }: { jobId: number; workerId: string; result: Record<string, unknown> }): Promise<boolean> {
  const updated = await db
    .update(jobs)
    .set({ status: 'succeeded', result, finishedAt: new Date(), lockedBy: null, lockedUntil: null, error: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return updated.length > 0;
}

/**
 * Records a failed attempt: back to the queue after a backoff while attempts remain, else
 * failed for good. A training that cannot go back to the queue because a newer one waits
 * there is failed: the newer one trains on the same labels and more.
 */
export async function failJob(
  db: Database,
  { jobId, workerId, error, isRetryable = true }: { jobId: number; workerId: string; error: string; isRetryable?: boolean },
): Promise<'retrying' | 'failed' | 'not-held'> {
  const message = error.slice(0, 2000);
  try {
    const result = await db.execute<{ status: TJobStatus }>(sql`
      update jobs set
        status = case when ${isRetryable} and attempts < max_attempts then 'queued' else 'failed' end,
        run_after = now() + make_interval(secs => ${RETRY_BASE_MS / 1000} * attempts * attempts),
        finished_at = case when ${isRetryable} and attempts < max_attempts then null else now() end,
        locked_by = null, locked_until = null, error = ${message}
      where id = ${jobId} and locked_by = ${workerId} and status = 'running'
      returning status`);
    const row = result.rows[0];
    if (!row) return 'not-held';
    return row.status === 'queued' ? 'retrying' : 'failed';
  } catch (caught) {
    if (getPgErrorCode(caught) !== PG_UNIQUE_VIOLATION) throw caught;
    await db
      .update(jobs)
      .set({ status: 'failed', finishedAt: new Date(), lockedBy: null, lockedUntil: null, error: `${message} (not retried: a newer training is queued)` })
      .where(and(eq(jobs.id, jobId), eq(jobs.lockedBy, workerId)));
    return 'failed';
  }
}

export async function getJob(db: Database, jobId: number): Promise<TJob | null> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  return job ?? null;
}

export async function listProjectJobs(
  db: Database,
  projectId: number,
  { kinds = JOB_KINDS, limit = 20 }: { kinds?: readonly TJobKind[]; limit?: number } = {},
): Promise<TJob[]> {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.projectId, projectId), inArray(jobs.kind, [...kinds])))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(limit);
}

import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { claimNextJob, completeJob, DEFAULT_LEASE_MS, failJob, heartbeatJob, JOB_KINDS, type TJob, type TJobKind } from '@/server/services/jobs/jobs';
import { runSimulationJob } from '@/server/services/learning/strategy-simulation';
import type { TJobRunContext } from '@/server/services/learning/job-context';
import { runTrainingJob } from '@/server/services/learning/run-training-job';
import type { TCompute } from '@/server/services/learning/compute';
import { waitForWake } from '@/server/services/jobs/wake-workers';

export type TJobHandler = (ctx: TJobRunContext) => Promise<Record<string, unknown>>;

export const JOB_HANDLERS: Record<TJobKind, TJobHandler> = { train: runTrainingJob, simulate: runSimulationJob };

export type TWorkerEvent =
  | { type: 'claimed'; job: TJob }
  | { type: 'succeeded'; job: TJob; result: Record<string, unknown>; seconds: number }
  | { type: 'failed'; job: TJob; error: string; outcome: 'retrying' | 'failed' | 'not-held' }
  | { type: 'lost'; job: TJob };

export type TWorkerOptions = {
  db: Database;
  compute: TCompute;
  workerId?: string;
  kinds?: readonly TJobKind[];
  leaseMs?: number;
  /** How often an idle worker looks for jobs (a job queued in this process wakes it at once). */
  pollMs?: number;
  /** Stop when no job is runnable (CLI --once, tests). */
  exitWhenIdle?: boolean;
  signal?: AbortSignal;
  onEvent?(event: TWorkerEvent): void;
};

export const DEFAULT_POLL_MS = 2_000;
const PROGRESS_INTERVAL_MS = 1_000;
/** A database hiccup while idle is retried after this long rather than ending the worker. */
const ERROR_BACKOFF_MS = 5_000;

export function createWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Claims and runs jobs until aborted (or, with exitWhenIdle, until none is left). */
export async function runWorker(options: TWorkerOptions): Promise<{ processed: number }> {
  const { db, signal, pollMs = DEFAULT_POLL_MS } = options;
  const workerId = options.workerId ?? createWorkerId();
  let processed = 0;
  while (!signal?.aborted) {
    let job: TJob | null;
    try {
      job = await claimNextJob(db, { workerId, kinds: options.kinds ?? JOB_KINDS, leaseMs: options.leaseMs });
    } catch (error) {
      if (signal?.aborted) break;
      console.error(`[worker] cannot claim jobs: ${error instanceof Error ? error.message : String(error)}`);
      await waitForWake(ERROR_BACKOFF_MS, signal);
      continue;
    }
    if (!job) {
      if (options.exitWhenIdle) break;
      await waitForWake(pollMs, signal);
      continue;
    }
    await runClaimedJob({ ...options, workerId }, job);
    processed++;
  }
  return { processed };
}

/**
 * Runs one claimed job with a heartbeat that extends its lease and stores progress. If the
 * heartbeat finds the job taken over (this worker stalled past its lease), the handler is
 * told to stop and nothing is recorded: the other worker owns the job now.
 */
export async function runClaimedJob(options: TWorkerOptions & { workerId: string }, job: TJob): Promise<void> {
  const { db, compute, workerId, onEvent } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const handler = JOB_HANDLERS[job.kind as TJobKind];
  onEvent?.({ type: 'claimed', job });
  const lost = new AbortController();
  const onOuterAbort = () => lost.abort(new Error('the worker is stopping'));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let latest: Record<string, unknown> | null = null;
  let isDirty = false;
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  const beat = () => {
    const progress = isDirty && latest ? { ...latest, updatedAt: new Date().toISOString() } : undefined;
    isDirty = false;
    lastWrite = Date.now();
    writing = writing
      .then(() => heartbeatJob(db, { jobId: job.id, workerId, leaseMs, progress }))
      .then((isHeld) => {
        if (!isHeld && !lost.signal.aborted) {
          lost.abort(new Error('the job was taken over by another worker'));
          onEvent?.({ type: 'lost', job });
        }
      })
      .catch((error: unknown) => console.error(`[worker] heartbeat of job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  const timer = setInterval(beat, Math.max(250, Math.floor(leaseMs / 4)));
  const started = performance.now();
  try {
    if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
    const result = await handler({
      db,
      compute,
      job,
      signal: lost.signal,
      reportProgress(progress) {
        latest = progress;
        isDirty = true;
        if (Date.now() - lastWrite >= PROGRESS_INTERVAL_MS) beat();
      },
    });
    clearInterval(timer);
    await writing;
    if (lost.signal.aborted) return;
    if (await completeJob(db, { jobId: job.id, workerId, result })) {
      onEvent?.({ type: 'succeeded', job, result, seconds: (performance.now() - started) / 1000 });
    } else {
      onEvent?.({ type: 'lost', job });
    }
  } catch (error) {
    clearInterval(timer);
    await writing;
    if (lost.signal.aborted && !options.signal?.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    const outcome = await failJob(db, { jobId: job.id, workerId, error: message }).catch(() => 'not-held' as const);
    onEvent?.({ type: 'failed', job, error: message, outcome });
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** One line per job event, for the logs of the CLI worker and the in-app worker. */
export function logWorkerEvent(event: TWorkerEvent): void {
  const { job } = event;
  const label = `job ${job.id} (${job.kind}${job.projectId === null ? '' : `, project ${job.projectId}`}, attempt ${job.attempts}/${job.maxAttempts})`;
  switch (event.type) {
    case 'claimed':
      console.info(`[worker] started ${label}`);
      break;
    case 'succeeded':
      console.info(`[worker] finished ${label} in ${event.seconds.toFixed(1)} s`);
      break;
    case 'failed':
      console.error(`[worker] ${label} failed (${event.outcome}): ${event.error}`);
      break;
    case 'lost':
      console.warn(`[worker] ${label} was taken over by another worker; dropped`);
      break;
  }
}

import type { Database } from '@/db/client';
import { claimNextJob, getJob, type TJob, type TJobKind } from '@/server/services/jobs/jobs';
import { waitForWake } from '@/server/services/jobs/wake-workers';
import type { TCompute } from '@/server/services/learning/compute';
import { createWorkerId, runClaimedJob } from './worker-loop';

const POLL_MS = 1_000;

/**
 * Runs one queued job in this process and returns it finished, as a CLI command that queued it
 * wants: the job goes through the queue like any other (lease, heartbeat, retries), so a worker
 * that claims it first runs it instead and this waits for that worker; a job that has to wait for
 * another of its project and kind starts when that one ends. `onProgress` sees the stored progress.
 */
export async function runJobHere(
  db: Database,
  compute: TCompute,
  { jobId, kind, onProgress, signal }: { jobId: number; kind: TJobKind; onProgress?: (progress: Record<string, unknown>) => void; signal?: AbortSignal },
): Promise<TJob> {
  const workerId = createWorkerId();
  for (;;) {
    signal?.throwIfAborted();
    const job = await getJob(db, jobId);
    if (!job) throw new Error(`job ${jobId} is gone`);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    const claimed = job.status === 'queued' ? await claimNextJob(db, { workerId, kinds: [kind], jobId }) : null;
    if (!claimed) {
      if (job.progress) onProgress?.(job.progress);
      await waitForWake(POLL_MS, signal);
      continue;
    }
    const watcher = setInterval(() => {
      void getJob(db, jobId).then((current) => current?.progress && onProgress?.(current.progress), () => undefined);
    }, POLL_MS);
    try {
      await runClaimedJob({ db, compute, workerId, signal }, claimed);
    } finally {
      clearInterval(watcher);
    }
  }
}

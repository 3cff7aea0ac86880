import type { Database } from '@/db/client';
import type { TCompute } from '@/server/services/learning/compute';
import { runWorker, type TWorkerEvent } from '@/server/worker/worker-loop';

type TLog = (line: string) => void;

/** Runs every queued job of the project (training, rescoring, the cold-start order, simulations) to the end. */
export async function runQueuedJobs(db: Database, compute: TCompute, log: TLog): Promise<void> {
  const failures: string[] = [];
  await runWorker({
    db,
    compute,
    exitWhenIdle: true,
    leaseMs: 120_000,
    onEvent: (event: TWorkerEvent) => {
      if (event.type === 'succeeded') log(`  ${event.job.kind === 'train' ? `${String(event.job.payload.mode ?? 'train')} job` : 'simulation'} ${event.job.id} done in ${event.seconds.toFixed(1)} s`);
      if (event.type === 'failed') failures.push(`job ${event.job.id} (${event.job.kind}): ${event.error}`);
    },
  });
  if (failures.length > 0) throw new Error(`demo jobs failed: ${failures.join('; ')}`);
}

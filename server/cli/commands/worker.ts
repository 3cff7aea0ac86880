import { Command, InvalidArgumentError } from 'commander';
import { resolveDatabaseTarget } from '@/server/env';
import { listenForSignals } from '@/server/services/events/listen-for-signals';
import { JOB_KINDS, type TJobKind } from '@/server/services/jobs/jobs';
import { createThreadCompute } from '@/server/worker/compute/thread-compute';
import { runDeadlineSweep } from '@/server/worker/run-deadline-sweep';
import { runDecisionTasks } from '@/server/worker/decision-tasks';
import { createWorkerId, logWorkerEvent, runWorker } from '@/server/worker/worker-loop';
import { withLocalDatabase } from '../target';

type TWorkerOptions = { once?: boolean; leaseSeconds: number; pollMs: number; kinds: TJobKind[] };

/**
 * `quorum worker`: trains models, rescores queues and runs simulations from the job queue, and
 * applies decision deadlines (server/worker/run-deadline-sweep.ts).
 * Start any number against PostgreSQL (DATABASE_URL); each claims jobs with SKIP LOCKED, hears of
 * new work through LISTEN/NOTIFY (polling as a fallback), and a worker killed mid-job leaves it to be retried by another once its lease runs out. On the
 * embedded database the app runs its own worker; this command then only works while the app
 * is stopped.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('Run background jobs (training, rescoring, simulations) until stopped')
    .option('--once', 'exit when no job is left instead of waiting for more')
    .option('--lease-seconds <n>', 'how long a claimed job stays ours without a heartbeat', parsePositive, 60)
    .option('--poll-ms <n>', 'how often an idle worker looks for jobs', parsePositive, 2000)
    .option('--kinds <list>', `job kinds to run (${JOB_KINDS.join(',')})`, parseKinds, [...JOB_KINDS])
    .action(async (options: TWorkerOptions) => {
      await withLocalDatabase(async (db) => {
        const compute = createThreadCompute();
        const controller = new AbortController();
        const stop = (signal: string) => {
          console.info(`[worker] ${signal}: finishing the current step and stopping`);
          controller.abort();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        // Jobs and webhooks queued by the app servers wake this worker at once instead of at its next poll.
        const { databaseUrl } = resolveDatabaseTarget();
        const listener = databaseUrl ? listenForSignals(databaseUrl) : null;
        // Decision webhooks and retention run beside the jobs, and stop with them (with --once, when the jobs run out).
        const decisionTasks = runDecisionTasks({ db, signal: controller.signal }).catch((error: unknown) => {
          console.error(`[worker] decision webhooks and retention stopped: ${error instanceof Error ? error.message : String(error)}`);
        });
        try {
          const workerId = createWorkerId();
          const { backend } = await compute.describeBackend();
          console.info(`[worker] ${workerId} ready (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded database'}); TensorFlow.js backend: ${backend}`);
          const sweep = runDeadlineSweep({ db, signal: controller.signal, once: options.once });
          const { processed } = await runWorker({
            db,
            compute,
            workerId,
            kinds: options.kinds,
            leaseMs: options.leaseSeconds * 1000,
            pollMs: options.pollMs,
            exitWhenIdle: options.once,
            signal: controller.signal,
            onEvent: logWorkerEvent,
          });
          await sweep;
          console.info(`[worker] ${workerId} stopped after ${processed} job(s)`);
        } finally {
          controller.abort();
          await listener?.close();
          await decisionTasks;
          await compute.close();
        }
      });
    });
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number');
  return parsed;
}

function parseKinds(value: string): TJobKind[] {
  const kinds = value.split(',').map((kind) => kind.trim()).filter(Boolean);
  const unknown = kinds.filter((kind) => !(JOB_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.length === 0) throw new InvalidArgumentError(`expected a list of ${JOB_KINDS.join(', ')}`);
  return kinds as TJobKind[];
}

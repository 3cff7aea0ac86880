import { getAppServices } from '@/server/app-services';
import { getEnv } from '@/server/env';
import type { TJobKind } from '@/server/services/jobs/jobs';
import type { TCompute } from '@/server/services/learning/compute';
import { createThreadCompute } from './compute/thread-compute';
import { runDeadlineSweep } from './run-deadline-sweep';
import { runDecisionTasks } from './decision-tasks';
import { createWorkerId, logWorkerEvent, runWorker } from './worker-loop';

type InAppGlobal = typeof globalThis & { __quorumInAppWorker?: boolean };

/**
 * Trainings and simulations get a loop (and a compute thread) each, so a long simulation
 * never holds up the training that labels just asked for.
 */
const LOOPS: readonly (readonly TJobKind[])[] = [['train'], ['simulate']];

/**
 * The worker inside the app process, for the embedded database: PGlite lives on this thread,
 * so the worker's database work runs here too, in short statements between requests, while
 * TensorFlow.js trains in worker threads. With PostgreSQL (DATABASE_URL) it stays off unless
 * QUORUM_IN_APP_WORKER=on; run `npx quorum worker` processes instead. Started once per process.
 */
export function startInAppWorker(): void {
  const store = globalThis as InAppGlobal;
  if (store.__quorumInAppWorker) return;
  const env = getEnv();
  const isEnabled = env.QUORUM_IN_APP_WORKER === 'on' || (env.QUORUM_IN_APP_WORKER === 'auto' && !env.DATABASE_URL);
  if (!isEnabled) {
    console.info('[worker] no in-app worker (PostgreSQL): run `npx quorum worker` to train models and run simulations');
    return;
  }
  store.__quorumInAppWorker = true;
  void getAppServices()
    .then(({ db }) => runDeadlineSweep({ db }))
    .catch((error: unknown) => console.error(`[worker] the decision deadline sweep stopped: ${error instanceof Error ? error.message : String(error)}`));
  void getAppServices()
    .then(({ db }) => runDecisionTasks({ db }))
    .catch((error: unknown) => console.error(`[worker] the in-app decision webhooks and retention stopped: ${error instanceof Error ? error.message : String(error)}`));
  void Promise.all(
    LOOPS.map(async (kinds, index) => {
      const { db } = await getAppServices();
      const compute: TCompute = createThreadCompute();
      const workerId = `app:${kinds.join('+')}:${createWorkerId()}`;
      // The training thread starts now, so the backend shows in the log at start; the other on first use.
      if (index === 0) console.info(`[worker] in-app workers ready; TensorFlow.js backend in the compute thread: ${(await compute.describeBackend()).backend}`);
      // Runs as long as the app does; a job cut short by the process exiting is retried after its lease.
      await runWorker({ db, compute, workerId, kinds, onEvent: logWorkerEvent });
    }),
  ).catch((error: unknown) => {
    console.error(`[worker] the in-app worker stopped: ${error instanceof Error ? error.message : String(error)}`);
  });
}

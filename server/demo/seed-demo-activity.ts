import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { requestSimulation } from '@/server/services/learning/strategy-simulation';
import { refreshQualitySnapshot } from '@/server/services/quality/refresh';
import { runSimulatedLabeling } from '@/server/services/quality/run-simulated-labeling';
import { ensureSimulatedAnnotators, simulateAnnotators } from '@/server/services/quality/simulate-annotators';
import type { TCompute } from '@/server/services/learning/compute';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runQueuedJobs } from './run-queued-jobs';

/**
 * What a new user should find on every tab of the demo: people's labels with agreement and a weak
 * annotator to flag (Quality), items waiting for each review reason (Review), model versions that
 * improve with the labels and a finished strategy backtest (Models). All of it comes from the real
 * code paths: simulated annotators take tasks from the queue and submit them, the training and
 * simulation jobs run through the worker loop, in this process, one after the other.
 */
export type TDemoActivityPlan = {
  /** Distinct items labeled in each round; a model version is trained after each. */
  rounds: number[];
  /**
   * Items labeled after the last version by the two least accurate annotators, then rescored by it:
   * labels it never saw and confidently contradicts become "model disagrees" review tasks. Fewer
   * labels than `retrainEvery` (50), so they do not trigger a training of their own.
   */
  afterRound: number;
  /** Accuracy of each simulated annotator: three good ones and a weak one the quality report flags. */
  accuracies: number[];
  /** Labels are dated over this many past days, so the charts over time have a history. */
  days: number;
  simulation: { strategies: ('random' | 'margin' | 'entropy')[]; budget: number; batchSize: number; seeds: number };
  seed: number;
};

export const DEMO_ACTIVITY_PLAN: TDemoActivityPlan = {
  rounds: [120, 100, 100],
  afterRound: 36,
  accuracies: [0.95, 0.9, 0.85, 0.65],
  days: 14,
  simulation: { strategies: ['random', 'margin'], budget: 100, batchSize: 20, seeds: 1 },
  seed: 13,
};

export type TDemoActivityResult =
  | { state: 'already-seeded'; annotations: number }
  | { state: 'seeded'; labels: number; items: number; versions: number; simulationJobId: number; reviewReasons: Record<string, number>; seconds: number };

type TLog = (line: string) => void;

async function countAnnotations(db: Database, projectId: number): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from annotations where project_id = ${projectId}`);
  return Number(result.rows[0]?.n ?? 0);
}

/** Open review tasks by reason: what the Review tab lists. */
export async function countOpenReviewReasons(db: Database, projectId: number): Promise<Record<string, number>> {
  const result = await db.execute<{ reason: string; n: number }>(sql`
    select reason, count(*)::int as n from review_tasks where project_id = ${projectId} and status = 'open' group by reason order by reason`);
  return Object.fromEntries(result.rows.map((row) => [row.reason, Number(row.n)]));
}

/**
 * Labels, trains and simulates on the demo project once. A project that has any annotation already
 * went through this (or through people): it is left as it is, and the result says so.
 */
export async function seedDemoActivity(
  db: Database,
  input: { projectId: number; scientist: TActor; plan?: TDemoActivityPlan; compute?: TCompute; log?: TLog },
): Promise<TDemoActivityResult> {
  const { projectId } = input;
  const plan = input.plan ?? DEMO_ACTIVITY_PLAN;
  const log = input.log ?? (() => {});
  const existing = await countAnnotations(db, projectId);
  if (existing > 0) return { state: 'already-seeded', annotations: existing };

  const started = performance.now();
  const compute = input.compute ?? createInlineCompute();
  let labels = 0;
  let items = 0;
  try {
    // The import queued the cold-start ordering: the first round labels the items it put first.
    await runQueuedJobs(db, compute, log);
    for (const [round, roundItems] of plan.rounds.entries()) {
      const result = await runSimulatedLabeling(db, projectId, {
        annotators: plan.accuracies.length,
        accuracy: plan.accuracies,
        items: roundItems,
        seed: plan.seed + round,
        days: plan.days,
        // The quality report is refreshed once, at the end.
        refresh: false,
      });
      labels += result.submitted;
      items += result.items;
      log(`  round ${round + 1}: ${result.submitted} labels on ${result.items} items by ${plan.accuracies.length} simulated annotators`);
      // A version per round, trained on everything so far, so the Models tab shows a trend.
      await enqueueTraining(db, { projectId, mode: 'train', reason: 'demo' });
      await runQueuedJobs(db, compute, log);
    }
    // Labels the current version did not train on, checked against it by a rescoring.
    await db.execute(sql`update learning_state set labels_since_trigger = 0 where project_id = ${projectId}`);
    const accounts = await ensureSimulatedAnnotators(db, projectId, plan.accuracies.length);
    const weakest = accounts
      .map((account, a) => ({ ...account, accuracy: plan.accuracies[a]!, medianLeadTimeMs: 4000 + 2000 * a }))
      .sort((a, b) => a.accuracy - b.accuracy)
      .slice(0, 2);
    const after = await simulateAnnotators(db, { projectId, annotators: weakest, items: plan.afterRound, seed: plan.seed + plan.rounds.length });
    labels += after.submitted;
    items += after.items;
    log(`  then ${after.submitted} labels on ${after.items} items, rescored by the current version`);
    await enqueueTraining(db, { projectId, mode: 'rescore', reason: 'demo' });
    await runQueuedJobs(db, compute, log);
    const simulation = await requestSimulation(db, input.scientist, projectId, { ...plan.simulation, kind: 'softmax' });
    await runQueuedJobs(db, compute, log);
    // Consensus and the quality report over all rounds (the annotators' labels are dated over `days`).
    await refreshQualitySnapshot(db, projectId);
    const versions = await db.execute<{ n: number }>(sql`select count(*)::int as n from model_versions where project_id = ${projectId} and status = 'ready'`);
    return {
      state: 'seeded',
      labels,
      items,
      versions: Number(versions.rows[0]?.n ?? 0),
      simulationJobId: simulation.id,
      reviewReasons: await countOpenReviewReasons(db, projectId),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!input.compute) await compute.close();
  }
}

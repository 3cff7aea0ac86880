import { listSimulationTasks, prepareSimulation } from './prepare-simulation';
import { runSimulationTask, type SimulationTaskOutcome } from './run-simulation-task';
import type { SimulationInput, SimulationResult } from './simulation-settings';
import { summarizeSimulation } from './summarize-simulation';

/**
 * Backtests sampling strategies with gold labels as the oracle (the pool-based protocol of
 * Settles 2009) on common random numbers: per seed, one held-out split, one cold-start
 * batch and one sequence of model seeds serve every strategy, so their curves differ only by
 * what each strategy chose to label. Per seed it also trains on the whole pool for the
 * full-data accuracy the curves are judged against. Softmax rounds warm-start from the
 * previous round's weights (same optimum, fewer iterations).
 */
export async function runSimulation(input: SimulationInput): Promise<SimulationResult> {
  const started = performance.now();
  const prepared = prepareSimulation(input);
  let done = 0;
  const outcomes: SimulationTaskOutcome[] = [];
  for (const task of listSimulationTasks(input)) {
    outcomes.push(await runSimulationTask(prepared, task, (labels) => input.onProgress?.({ done: ++done, total: prepared.totalSteps, strategy: task.strategy, seed: task.seed, labels })));
  }
  return summarizeSimulation(input, prepared, outcomes, (performance.now() - started) / 1000);
}

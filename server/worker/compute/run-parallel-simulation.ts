import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { listSimulationTasks, measureSimulation, type SimulationShape } from '@/ml/simulate/prepare-simulation';
import type { SimulationTaskOutcome } from '@/ml/simulate/run-simulation-task';
import { validateSimulation, type SimulationProgress, type SimulationResult } from '@/ml/simulate/simulation-settings';
import { summarizeSimulation } from '@/ml/simulate/summarize-simulation';
import type { TCompute, TSimulateRequest } from '@/server/services/learning/compute';
import { createThreadCompute } from './thread-compute';

export type TParallelSimulationOptions = {
  /** Threads to spread the runs over; default one per core. */
  threads?: number;
  onProgress?(progress: SimulationProgress): void;
  /** Makes each thread's compute; default a TensorFlow.js worker thread. */
  createCompute?(): TCompute;
};

/**
 * The strategy simulator spread over threads: every (seed, strategy) run and every seed's
 * full-data model is an independent task, because each seed's split, cold-start batch and
 * model seeds are fixed up front (ml/simulate/prepare-simulation.ts). Threads take the next
 * task as they finish one, and the result is the same as runSimulation's, whatever the
 * thread count (tested). For the CLI and benchmarks, which own the machine: the in-app job
 * keeps to its one compute thread so requests stay responsive.
 */
export async function runParallelSimulation(request: TSimulateRequest, options: TParallelSimulationOptions = {}): Promise<SimulationResult> {
  const started = performance.now();
  validateSimulation(request);
  const tasks = listSimulationTasks(request);
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), tasks.length));
  const { totalSteps } = measureSimulation(request);
  const simulationId = randomUUID();
  const computes = Array.from({ length: threads }, () => (options.createCompute ?? createThreadCompute)());
  const outcomes: SimulationTaskOutcome[] = [];
  let shape: SimulationShape | null = null;
  let next = 0;
  let done = 0;
  const drain = async (compute: TCompute) => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      const reply = await compute.simulateTask({ simulationId, simulation: request, task }, (labels) =>
        options.onProgress?.({ done: ++done, total: totalSteps, strategy: task.strategy, seed: task.seed, labels }),
      );
      outcomes.push(reply.outcome);
      shape = reply.shape;
    }
  };
  try {
    await Promise.all(computes.map(drain));
  } finally {
    await Promise.all(computes.map((compute) => compute.close()));
  }
  return summarizeSimulation(request, shape!, outcomes, (performance.now() - started) / 1000);
}

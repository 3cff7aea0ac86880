import { describeStrategy, formatCount, formatDateTime } from './format';
import { SIMULATION_METRIC_NAMES, type SimulationMetric } from '@/ml/simulate/simulation-metric';
import type { TSimulationSummary } from './model-types';

type TRun = Pick<TSimulationSummary, 'jobId' | 'status' | 'createdAt' | 'progress'>;

/**
 * A simulation named by when it started. Its job id is a row number shared with every training and
 * simulation of every project, so "Simulation #2" read as a count of this project's simulations.
 */
export function nameSimulationRun(run: Pick<TRun, 'createdAt'>): string {
  return `The simulation started ${formatDateTime(run.createdAt)}`;
}

/** What a simulation's curves measure, in words: accuracy, micro-F1 for label sets, span F1 for spans (results from before it was recorded: accuracy). */
export function describeSimulationMetric(result: { metric?: SimulationMetric }): string {
  return SIMULATION_METRIC_NAMES[result.metric ?? 'accuracy'];
}

/** The progress line of a waiting or running simulation. */
export function describeSimulationProgress(run: TRun): string {
  const progress = (run.progress ?? {}) as { strategy?: string | null; labels?: number };
  const where = progress.strategy ? ` — ${describeStrategy(progress.strategy)} at ${formatCount(progress.labels)} labels` : '';
  return `${nameSimulationRun(run)} ${run.status === 'queued' ? 'is waiting for the worker' : 'is running'}${where}`;
}

/** An entry of the "Show simulation" list: when, and how it ended. */
export function describeSimulationOption(run: TRun): string {
  return `Started ${formatDateTime(run.createdAt)} · ${run.status}`;
}

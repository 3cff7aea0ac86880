import type { FeaturizerKindId } from '@/ml/features/featurizer';
import type { ModelTask, ClassifierKind } from '@/ml/model-kinds';
import { isMultilabelSamplingStrategyId } from '@/ml/multilabel/multilabel-strategies';
import { validateMultilabelSimulation } from '@/ml/multilabel/simulate-multilabel-strategies';
import type { BatchDiversity } from '@/ml/sampling';
import { isSamplingStrategyId } from '@/ml/sampling/strategies';
import type { ProjectStrategyId } from '@/ml/sampling/strategy-model';
import { validateSpanSimulation } from '@/ml/simulate/run-span-simulation';
import { validateSimulationSettings, type ColdStartMode, type SimulationProgress, type SimulationResult } from '@/ml/simulate/simulation-settings';
import { isSpanSamplingStrategy } from '@/ml/spans/span-strategies';
import type { TCompute } from '@/server/services/learning/compute';
import { runParallelSimulation } from '@/server/worker/compute/run-parallel-simulation';
import { createThreadCompute } from '@/server/worker/compute/thread-compute';
import { encodeClassLabels, encodeLabelSets, encodeSpanLists } from './encode-oracle-answers';
import { readOracleAnswers, type TOracleFileOptions } from './read-oracle-answers';

export type TFileSimulationOptions = TOracleFileOptions & {
  /** Already checked against the task (each simulator refuses another task's strategies). */
  strategies: readonly ProjectStrategyId[];
  budget: number;
  batch: number;
  seeds: number;
  evalFraction: number;
  seed: number;
  /** The options below apply to some tasks only; the command refuses them for the others. */
  model: ClassifierKind;
  diversity: BatchDiversity;
  exploration: number;
  coldStart: ColdStartMode;
  targetAccuracy?: number;
  features: FeaturizerKindId;
  dim: number;
  threads: number;
};

/** A labeled file read and checked, ready to simulate. */
export type TFileSimulation = {
  items: number;
  /** The field the answers came from; null: the file's annotations. */
  labelField: string | null;
  /** What was read, in one line. */
  description: string;
  run(onProgress: (step: SimulationProgress) => void): Promise<SimulationResult>;
};

/**
 * Reads a labeled file as a project of `task` would import it and sets up that task's simulator on
 * its answers: the single-label one spread over threads (runParallelSimulation), the multi-label
 * and span ones on a compute thread as the app's jobs run them. Settings are checked before the
 * file is read where the simulator allows it, and against the data before any thread starts.
 */
export function prepareFileSimulation(file: string, task: ModelTask, options: TFileSimulationOptions): Promise<TFileSimulation> {
  switch (task) {
    case 'single_label':
      return prepareSingleLabel(file, options);
    case 'multi_label':
      return prepareLabelSets(file, options);
    case 'spans':
      return prepareSpans(file, options);
  }
}

async function prepareSingleLabel(file: string, options: TFileSimulationOptions): Promise<TFileSimulation> {
  const settings = {
    strategies: options.strategies.filter(isSamplingStrategyId),
    budget: options.budget,
    batchSize: options.batch,
    seeds: options.seeds,
    evalFraction: options.evalFraction,
    kind: options.model,
    targetAccuracy: options.targetAccuracy ?? null,
  };
  validateSimulationSettings(settings);
  const read = await readOracleAnswers(file, options, 'single_label');
  const { labels, classNames } = encodeClassLabels(read.answers);
  const labelField = read.mapping.labelField ?? null;
  if (classNames.length < 2) throw new Error(`${file}: the labels in ${labelField ? `"${labelField}"` : 'the annotations'} have fewer than two distinct values${describeRefused(read)}`);
  return {
    items: read.texts.length,
    labelField,
    description: `${file}: ${read.texts.length} labeled items, classes ${classNames.join(', ')}${describeSkipped(read.skipped, 'label')}`,
    run: (onProgress) =>
      runParallelSimulation(
        {
          texts: read.texts,
          labels,
          classNames,
          ...settings,
          featurizer: { kind: options.features, dim: options.dim },
          diversity: options.diversity,
          explorationShare: options.exploration,
          coldStart: options.coldStart,
          seed: options.seed,
        },
        { threads: options.threads, onProgress },
      ),
  };
}

async function prepareLabelSets(file: string, options: TFileSimulationOptions): Promise<TFileSimulation> {
  const read = await readOracleAnswers(file, options, 'multi_label');
  const items = read.texts.length;
  const { targets, labelNames, counts } = encodeLabelSets(read.answers);
  // A label every item has (or none) teaches the model nothing and makes every strategy alike.
  if (!counts.some((count) => count > 0 && count < items)) {
    throw new Error(`${file}: ${labelNames.length === 0 ? 'every label set is empty' : `every label is on all ${items} items or on none`}; a simulation needs a label some items have and others do not${describeRefused(read)}`);
  }
  const request = {
    texts: read.texts,
    targets,
    labelNames,
    strategies: options.strategies.filter(isMultilabelSamplingStrategyId),
    budget: options.budget,
    batchSize: options.batch,
    seeds: options.seeds,
    evalFraction: options.evalFraction,
    diversity: options.diversity,
    explorationShare: options.exploration,
    coldStart: options.coldStart,
    targetAccuracy: options.targetAccuracy ?? null,
    featurizer: { kind: options.features, dim: options.dim },
    seed: options.seed,
  };
  validateMultilabelSimulation(request);
  const none = read.answers.filter((answer) => answer.length === 0).length;
  return {
    items,
    labelField: read.mapping.labelField ?? null,
    description: `${file}: ${items} labeled items, labels ${labelNames.map((name, i) => `${name} (${counts[i]})`).join(', ')}, ${none} with none of them${describeSkipped(read.skipped, 'label set')}`,
    run: (onProgress) => runOnComputeThread((compute) => compute.simulateMultilabel(request, onProgress)),
  };
}

async function prepareSpans(file: string, options: TFileSimulationOptions): Promise<TFileSimulation> {
  const read = await readOracleAnswers(file, options, 'spans');
  const items = read.texts.length;
  const { spans, labelIds, labelNames } = encodeSpanLists(read.answers);
  if (labelNames.length === 0) throw new Error(`${file}: none of the ${items} items has a span; a span simulation needs some${describeRefused(read)}`);
  const request = {
    texts: read.texts,
    spans,
    labelIds,
    labelNames,
    strategies: options.strategies.filter(isSpanSamplingStrategy),
    budget: options.budget,
    batchSize: options.batch,
    seeds: options.seeds,
    evalFraction: options.evalFraction,
    dim: options.dim,
    seed: options.seed,
  };
  validateSpanSimulation(request);
  const spanCount = spans.reduce((sum, list) => sum + list.length, 0);
  return {
    items,
    labelField: read.mapping.labelField ?? null,
    description: `${file}: ${items} items with ${spanCount} gold spans, labels ${labelNames.join(', ')}${describeSkipped(read.skipped, 'span list')}`,
    run: (onProgress) => runOnComputeThread((compute) => compute.simulateSpans(request, onProgress)),
  };
}

/** One thread runs the whole simulation (these simulators are not split into tasks), and is closed after. */
async function runOnComputeThread(run: (compute: TCompute) => Promise<SimulationResult>): Promise<SimulationResult> {
  const compute = createThreadCompute();
  try {
    return await run(compute);
  } finally {
    await compute.close();
  }
}

function describeSkipped(skipped: number, answer: string): string {
  return skipped ? `; ${skipped} rows without a usable ${answer} skipped` : '';
}

/** Why rows were left out, when too little was left to simulate: often the file holds another task's answers. */
function describeRefused({ skipped, firstProblem }: { skipped: number; firstProblem: string | null }): string {
  return skipped ? ` (${skipped} rows skipped${firstProblem ? `, the first refused at ${firstProblem}` : ''})` : '';
}

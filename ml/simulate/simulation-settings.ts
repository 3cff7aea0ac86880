import type { ImageSet } from '../images/image-set';
import { MC_DROPOUT_MODEL_KINDS, MODEL_KIND_INPUT, MODEL_KIND_LABELS, MODEL_KIND_TASK } from '../model-kinds';
import { findModelInputConflict } from '../model-input';
import { findStrategyModelConflict } from '../sampling/strategy-model';
import { DEFAULT_COLD_START_LABELS_PER_CLASS, type BatchDiversity, type SamplingStrategyId } from '../sampling';
import type { FeaturizerOptions } from '../features/featurizer';
import type { ClassifierKind } from '../train';
import type { MeanCurvePoint } from './learning-curve';
import type { StrategyRecommendation } from './recommend';
import type { SimulationMetric } from './simulation-metric';
import type { SeedSummary } from './summarize-seeds';

/** How the first batch of every run is chosen (the same picks for every strategy of a seed). */
export const COLD_START_MODES = ['representative', 'random'] as const;
export type ColdStartMode = (typeof COLD_START_MODES)[number];

export type SimulationOptions = {
  strategies: readonly SamplingStrategyId[];
  /** Labels each run may buy, the initial batch included. */
  budget: number;
  batchSize: number;
  /** Independent runs (evaluation split, initial batch, model seeds); curves are their mean. */
  seeds: number;
  /** Share of items held out to score every model on. */
  evalFraction: number;
  kind: ClassifierKind;
  featurizer?: FeaturizerOptions;
  diversity: BatchDiversity;
  explorationShare: number;
  /** Random (or representative) batches until every class has this many labels, as in the product. */
  coldStartLabelsPerClass?: number;
  /** 'representative' (default): k-means picks over the pool; 'random': uniform. */
  coldStart?: ColdStartMode;
  /** Also report labels to reach this absolute accuracy. */
  targetAccuracy?: number | null;
  /** Label counts at which the accuracy is reported (interpolated on the curve). Default 100, 200, 500. */
  accuracyAt?: readonly number[];
  committeeMembers?: number;
  mcSamples?: number;
  maxEpochs?: number;
  seed: number;
};

export type SimulationInput = SimulationOptions & {
  /** The items, when they are texts (empty for images). */
  texts: readonly string[];
  /** The items, when they are images (then `texts` is empty and `kind` an image model). */
  images?: ImageSet | null;
  /**
   * The last this-many items are the evaluation split of every seed (a dataset's standard test
   * split) instead of a random `evalFraction` of them.
   */
  fixedEvalCount?: number;
  /** Gold class index per item: the oracle. */
  labels: Int32Array;
  classNames: readonly string[];
  onProgress?(progress: SimulationProgress): void;
};

export type SimulationProgress = { done: number; total: number; strategy: string | null; seed: number; labels: number };

export type StrategyOutcome = {
  curve: MeanCurvePoint[];
  aulc: number | null;
  /** First label count of the mean curve at ≥ 95% of the mean full-data accuracy. */
  labels_to_95: number | null;
  full_accuracy: number;
  /** Per seed, against that seed's own full-data accuracy (common random numbers: pair them across strategies). */
  labels_to_95_per_seed: (number | null)[];
  labels_to_95_summary: SeedSummary;
  /** Per seed, labels to reach `targetAccuracy`; empty without a target. */
  labels_to_target_per_seed: (number | null)[];
  labels_to_target_summary: SeedSummary | null;
  /** Mean accuracy at the `accuracyAt` label counts (key: the count), null beyond the curve. */
  accuracy_at: Record<string, number | null>;
  /** Per seed, this strategy's labels to 95% ÷ random's (same split, same cold start): null when either did not get there. */
  ratio_to_random_per_seed: (number | null)[] | null;
};

export type SimulationResult = {
  /** `classCounts`: items per class; for a multi-label simulation, items carrying each label. */
  dataset: { items: number; classes: string[]; classCounts: number[]; evalSize: number; poolSize: number };
  /** `strategies` are ml/sampling's ids, or ml/multilabel's for a multi-label simulation. */
  settings: Omit<SimulationOptions, 'featurizer' | 'strategies'> & { strategies: readonly string[]; dim: number; budget: number; features: string };
  /**
   * What the curves' `accuracy`, `full_accuracy` and `accuracy_at` measure: held-out accuracy of a
   * single-label model, micro-F1 of a multi-label one, or exact span F1 of a span tagger (token F1
   * then in `macroF1`). Absent on results stored before multi-label simulations: accuracy.
   */
  metric?: SimulationMetric;
  strategies: Record<string, StrategyOutcome>;
  /** Full-data accuracy of each seed (the model trained on the whole pool). */
  full_accuracy_per_seed: number[];
  recommendation: StrategyRecommendation | null;
  seconds: number;
};



export const DEFAULT_COMMITTEE_MEMBERS = 4;
export const DEFAULT_SIMULATION_SEEDS = 3;
export const DEFAULT_ACCURACY_AT = [100, 200, 500] as const;
/**
 * Refuses settings that cannot run, before any work (the CLI calls it before reading the file
 * with `texts` empty, so only the settings are checked then).
 */
export function validateSimulationSettings(settings: Pick<SimulationOptions, 'strategies' | 'budget' | 'batchSize' | 'seeds' | 'evalFraction' | 'kind' | 'targetAccuracy'>): void {
  const { budget, batchSize, seeds, evalFraction, strategies } = settings;
  if (strategies.length === 0) throw new RangeError('name at least one strategy');
  if (new Set(strategies).size !== strategies.length) throw new RangeError('a strategy is named twice');
  // Label sets are simulated by ml/multilabel's simulator, on its own strategies.
  if (MODEL_KIND_TASK[settings.kind] !== 'single_label') throw new RangeError(`the ${MODEL_KIND_LABELS[settings.kind]} model predicts label sets; this simulator replays one label per item`);
  for (const strategy of strategies) {
    const conflict = findStrategyModelConflict(strategy, settings.kind);
    if (conflict) {
      const dropoutKind = MC_DROPOUT_MODEL_KINDS[MODEL_KIND_INPUT[settings.kind]];
      throw new RangeError(dropoutKind ? `${conflict}: train the '${dropoutKind}' model (--model ${dropoutKind})` : conflict);
    }
  }
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError('batch size must be a positive integer');
  if (!(Number.isInteger(budget) && budget >= batchSize)) throw new RangeError('the budget must be at least one batch');
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new RangeError('seeds must be a positive integer');
  if (!(evalFraction > 0 && evalFraction < 1)) throw new RangeError('the evaluation fraction must be between 0 and 1');
  const target = settings.targetAccuracy;
  if (target !== undefined && target !== null && !(target > 0 && target <= 1)) throw new RangeError('the target accuracy must be in (0, 1]');
}

/** How many items the simulation holds, texts or images. */
export function countSimulationItems(input: Pick<SimulationInput, 'texts' | 'images'>): number {
  return input.images ? input.images.count : input.texts.length;
}

export function validateSimulation(input: Omit<SimulationInput, 'onProgress'>): void {
  const { texts, labels, classNames, batchSize, evalFraction } = input;
  validateSimulationSettings(input);
  const conflict = findModelInputConflict(input.images ? 'image' : 'text', input.kind);
  if (conflict) throw new RangeError(conflict);
  if (input.images && texts.length > 0) throw new RangeError('a simulation runs on texts or on images, not both');
  const items = countSimulationItems(input);
  if (items !== labels.length) throw new RangeError('items and labels differ in length');
  if (classNames.length < 2) throw new RangeError('a simulation needs at least two classes');
  for (const label of labels) if (!(label >= 0 && label < classNames.length)) throw new RangeError(`label ${label} outside the ${classNames.length} classes`);
  const evalSize = input.fixedEvalCount ?? Math.round(items * evalFraction);
  if (evalSize < 1 || items - evalSize < batchSize) throw new RangeError(`${items} items are too few for this evaluation split and batch size`);
}

export function pickOptions(input: SimulationOptions): Omit<SimulationOptions, 'featurizer'> {
  const { strategies, budget, batchSize, seeds, evalFraction, kind, diversity, explorationShare, coldStartLabelsPerClass, committeeMembers, mcSamples, maxEpochs, seed } = input;
  return {
    strategies: [...strategies],
    budget,
    batchSize,
    seeds,
    evalFraction,
    kind,
    diversity,
    explorationShare,
    coldStartLabelsPerClass: coldStartLabelsPerClass ?? DEFAULT_COLD_START_LABELS_PER_CLASS,
    coldStart: input.coldStart ?? 'representative',
    targetAccuracy: input.targetAccuracy ?? null,
    accuracyAt: [...(input.accuracyAt ?? DEFAULT_ACCURACY_AT)],
    committeeMembers: committeeMembers ?? DEFAULT_COMMITTEE_MEMBERS,
    mcSamples: mcSamples ?? 10,
    maxEpochs,
    seed,
  };
}

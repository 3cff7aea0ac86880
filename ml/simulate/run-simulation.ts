import { MC_DROPOUT_MODEL_KIND } from '../model-kinds';
import { findStrategyModelConflict } from '../sampling/strategy-model';
import type * as tf from '@tensorflow/tfjs';
import { expandCsrRange, gatherCsrRows, type CsrRows } from '../csr-rows';
import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '../features/featurizer';
import { computeAccuracy, computeClassMetrics, computeConfusionMatrix, computeMacroF1, computePredictedLabels } from '../metrics';
import { predictProbaMcDropout } from '../predict';
import { predictRows } from '../predict-rows';
import { createRng, type Rng } from '../random';
import { DEFAULT_COLD_START_LABELS_PER_CLASS, isColdStart, scorePool, type BatchDiversity, type SamplingStrategyId } from '../sampling';
import { selectRepresentatives } from '../sampling/select-representatives';
import { trainClassifier, trainCommittee, type ClassifierKind } from '../train';
import { MIN_VALIDATION_LABELS } from '../pipeline/train-model';
import { averageCurves, computeAulc, findLabelsToAccuracy, findLabelsToReach, interpolateAccuracy, type CurvePoint, type MeanCurvePoint } from './learning-curve';
import { pickBatch } from './pick-batch';
import { recommendStrategy, type StrategyRecommendation } from './recommend';
import { summarizeSeeds, type SeedSummary } from './summarize-seeds';

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
  texts: readonly string[];
  /** Gold class index per text: the oracle. */
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
  dataset: { items: number; classes: string[]; classCounts: number[]; evalSize: number; poolSize: number };
  settings: Omit<SimulationOptions, 'featurizer'> & { dim: number; budget: number; features: string };
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
 * Backtests sampling strategies with gold labels as the oracle (the pool-based protocol of
 * Settles 2009) on common random numbers: per seed, one held-out split, one cold-start
 * batch and one sequence of model seeds serve every strategy, so their curves differ only by
 * what each strategy chose to label. Per seed it also trains on the whole pool for the
 * full-data accuracy the curves are judged against. Softmax rounds warm-start from the
 * previous round's weights (same optimum, fewer iterations).
 */
export async function runSimulation(input: SimulationInput): Promise<SimulationResult> {
  const started = performance.now();
  const { texts, labels, classNames, strategies, seeds, batchSize, evalFraction } = input;
  const numClasses = classNames.length;
  validateSimulation(input);

  const featurizer = createFeaturizer(input.featurizer ?? DEFAULT_FEATURIZER_OPTIONS);
  const rows = featurizer.fitTransformSparse(texts);
  const evalSize = Math.max(1, Math.round(texts.length * evalFraction));
  const poolSize = texts.length - evalSize;
  const budget = Math.min(input.budget, poolSize);
  const roundsPerRun = Math.ceil(budget / batchSize);
  const total = seeds * (1 + strategies.length * roundsPerRun);
  let done = 0;
  const report = (strategy: string | null, seed: number, labelCount: number) => input.onProgress?.({ done: ++done, total, strategy, seed, labels: labelCount });

  const runs = new Map<string, CurvePoint[][]>(strategies.map((s) => [s, []]));
  const fullAccuracies: number[] = [];
  const root = createRng(input.seed);
  for (let s = 0; s < seeds; s++) {
    const seedRng = createRng(root.nextSeed());
    const order = seedRng.permutation(texts.length);
    const evalIndices = Array.from(order.subarray(0, evalSize));
    const poolIndices = Array.from(order.subarray(evalSize));
    const pool = Int32Array.from(poolIndices);
    const split: Split = {
      rows,
      labels,
      numClasses,
      evalRows: gatherCsrRows(rows, evalIndices, evalIndices.length),
      evalLabels: Int32Array.from(evalIndices, (i) => labels[i]!),
      pool,
      poolRows: gatherCsrRows(rows, pool, pool.length),
    };
    const coldStartRng = createRng(seedRng.nextSeed());
    const firstBatch = Math.min(batchSize, budget);
    const initial =
      (input.coldStart ?? 'representative') === 'representative'
        ? selectRepresentatives({ rows: split.poolRows, count: firstBatch, rng: coldStartRng })
        : coldStartRng.sample(Array.from({ length: poolSize }, (_, p) => p), firstBatch);
    const modelSeed = seedRng.nextSeed();

    const full = await trainAndEvaluate(split, Int32Array.from({ length: poolSize }, (_, p) => p), input, modelSeed, false, null);
    full.model.dispose();
    fullAccuracies.push(full.accuracy);
    report(null, s, poolSize);

    for (const strategy of strategies) {
      // The same model-seed sequence for every strategy: the rounds differ only by the labels bought.
      runs.get(strategy)!.push(await runStrategy(split, strategy, initial, budget, input, modelSeed, (n) => report(strategy, s, n)));
    }
  }

  const fullAccuracy = fullAccuracies.reduce((a, b) => a + b, 0) / fullAccuracies.length;
  const accuracyAt = input.accuracyAt ?? DEFAULT_ACCURACY_AT;
  const target = input.targetAccuracy ?? null;
  const perSeed95 = (strategy: string) => runs.get(strategy)!.map((curve, s) => findLabelsToReach(curve, fullAccuracies[s]!));
  const outcomes: Record<string, StrategyOutcome> = {};
  for (const strategy of strategies) {
    const curve = averageCurves(runs.get(strategy)!);
    const labels95 = perSeed95(strategy);
    const labelsTarget = target === null ? [] : runs.get(strategy)!.map((c) => findLabelsToAccuracy(c, target));
    const random95 = strategies.includes('random') ? perSeed95('random') : null;
    outcomes[strategy] = {
      curve,
      aulc: computeAulc(curve),
      labels_to_95: findLabelsToReach(curve, fullAccuracy),
      full_accuracy: fullAccuracy,
      labels_to_95_per_seed: labels95,
      labels_to_95_summary: summarizeSeeds(labels95),
      labels_to_target_per_seed: labelsTarget,
      labels_to_target_summary: target === null ? null : summarizeSeeds(labelsTarget),
      accuracy_at: Object.fromEntries(accuracyAt.map((n) => [String(n), interpolateAccuracy(curve, n)])),
      ratio_to_random_per_seed: random95 ? labels95.map((l, s) => (l !== null && random95[s] ? l / random95[s]! : null)) : null,
    };
  }
  return {
    dataset: { items: texts.length, classes: [...classNames], classCounts: countClasses(labels, numClasses), evalSize, poolSize },
    settings: { ...pickOptions(input), dim: featurizer.dim, budget, features: featurizer.kind },
    strategies: outcomes,
    full_accuracy_per_seed: fullAccuracies,
    recommendation: recommendStrategy(outcomes),
    seconds: (performance.now() - started) / 1000,
  };
}

type Split = {
  rows: CsrRows;
  labels: Int32Array;
  numClasses: number;
  evalRows: CsrRows;
  evalLabels: Int32Array;
  /** Item index of each pool position. */
  pool: Int32Array;
  /** Rows in pool-position order. */
  poolRows: CsrRows;
};

type Weights = { kernel: Float32Array; bias: Float32Array };

async function runStrategy(
  split: Split,
  strategy: SamplingStrategyId,
  initial: readonly number[],
  budget: number,
  options: SimulationOptions,
  modelSeed: number,
  onRound: (labels: number) => void,
): Promise<CurvePoint[]> {
  const poolSize = split.pool.length;
  const isLabeled = new Uint8Array(poolSize);
  const labeled: number[] = [];
  const add = (positions: readonly number[]) => {
    for (const p of positions) {
      if (isLabeled[p]) continue;
      isLabeled[p] = 1;
      labeled.push(p);
    }
  };
  add(initial);
  const curve: CurvePoint[] = [];
  const k = options.coldStartLabelsPerClass ?? DEFAULT_COLD_START_LABELS_PER_CLASS;
  const modelRng = createRng(modelSeed);
  // Picking randomness (tie breaks, random batches) is per strategy; model seeds are shared.
  const rng = createRng(modelSeed ^ hashName(strategy));
  let warm: Weights | null = null;
  for (;;) {
    const positions = Int32Array.from(labeled);
    const { accuracy, macroF1, model, committee, weights } = await trainAndEvaluate(split, positions, options, modelRng.nextSeed(), strategy === 'committee', warm);
    warm = weights;
    try {
      curve.push({ labels: labeled.length, accuracy, macroF1 });
      onRound(labeled.length);
      const remaining = Math.min(options.batchSize, budget - labeled.length, poolSize - labeled.length);
      if (remaining <= 0) break;
      const counts = countClasses(Int32Array.from(labeled, (p) => split.labels[split.pool[p]!]!), split.numClasses);
      const eligible = Uint8Array.from(isLabeled, (v) => 1 - v);
      const useRandom = strategy === 'random' || isColdStart(counts, Math.min(k, budget));
      const scores = useRandom
        ? scorePool({ strategy: 'random', n: poolSize, numClasses: split.numClasses, rng })
        : scoreUnlabeled(split, strategy, model, committee, eligible, options, rng);
      add(
        pickBatch({
          scores,
          eligible,
          rows: split.poolRows,
          batchSize: remaining,
          diversity: useRandom ? 'none' : options.diversity,
          explorationShare: useRandom ? 0 : options.explorationShare,
          rng,
        }),
      );
    } finally {
      model.dispose();
      committee.forEach((member) => member.dispose());
    }
  }
  return curve;
}

/** Strategy scores for every pool position (labeled ones get NaN and are ineligible anyway). */
function scoreUnlabeled(
  split: Split,
  strategy: SamplingStrategyId,
  model: tf.LayersModel,
  committee: tf.LayersModel[],
  eligible: Uint8Array,
  options: SimulationOptions,
  rng: Rng,
): Float32Array {
  const unlabeled: number[] = [];
  eligible.forEach((isEligible, p) => isEligible && unlabeled.push(p));
  const n = unlabeled.length;
  const k = split.numClasses;
  const rows = gatherCsrRows(split.poolRows, unlabeled, n);
  let chunkScores: Float32Array;
  if (strategy === 'bald') {
    const x = expandCsrRange(rows, 0, n);
    chunkScores = scorePool({ strategy, n, numClasses: k, rng, mcSamples: predictProbaMcDropout(model, x, n, rows.cols, options.mcSamples ?? 10, rng.nextSeed()) });
  } else if (strategy === 'committee') {
    chunkScores = scorePool({ strategy, n, numClasses: k, rng, committeeProbs: committee.map((member) => predictRows(member, rows)) });
  } else {
    chunkScores = scorePool({ strategy, n, numClasses: k, rng, probs: predictRows(model, rows) });
  }
  const scores = new Float32Array(eligible.length).fill(Number.NaN);
  unlabeled.forEach((p, i) => (scores[p] = chunkScores[i]!));
  return scores;
}

async function trainAndEvaluate(
  split: Split,
  positions: Int32Array,
  options: SimulationOptions,
  seed: number,
  withCommittee: boolean,
  warm: Weights | null,
): Promise<{ accuracy: number; macroF1: number; model: tf.LayersModel; committee: tf.LayersModel[]; weights: Weights | null }> {
  const items = Int32Array.from(positions, (p) => split.pool[p]!);
  const y = Int32Array.from(items, (i) => split.labels[i]!);
  const rows = gatherCsrRows(split.rows, items, items.length);
  const base = { rows, y, dim: rows.cols, numClasses: split.numClasses, kind: options.kind, seed, maxEpochs: options.maxEpochs, minValidationSize: MIN_VALIDATION_LABELS };
  const trained = await trainClassifier({ ...base, init: warm });
  const committee = withCommittee
    ? (await trainCommittee({ ...base, init: trained.weights ?? null, seed: seed + 1, members: options.committeeMembers ?? DEFAULT_COMMITTEE_MEMBERS })).map((m) => m.model)
    : [];
  const probs = predictRows(trained.model, split.evalRows);
  const confusion = computeConfusionMatrix(split.evalLabels, computePredictedLabels(probs, split.numClasses), split.numClasses);
  return { accuracy: computeAccuracy(confusion), macroF1: computeMacroF1(computeClassMetrics(confusion)), model: trained.model, committee, weights: trained.weights ?? null };
}

/**
 * Refuses settings that cannot run, before any work (the CLI calls it before reading the file
 * with `texts` empty, so only the settings are checked then).
 */
export function validateSimulationSettings(settings: Pick<SimulationOptions, 'strategies' | 'budget' | 'batchSize' | 'seeds' | 'evalFraction' | 'kind' | 'targetAccuracy'>): void {
  const { budget, batchSize, seeds, evalFraction, strategies } = settings;
  if (strategies.length === 0) throw new RangeError('name at least one strategy');
  if (new Set(strategies).size !== strategies.length) throw new RangeError('a strategy is named twice');
  for (const strategy of strategies) {
    const conflict = findStrategyModelConflict(strategy, settings.kind);
    if (conflict) throw new RangeError(`${conflict}: train the '${MC_DROPOUT_MODEL_KIND}' model (--model ${MC_DROPOUT_MODEL_KIND})`);
  }
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError('batch size must be a positive integer');
  if (!(Number.isInteger(budget) && budget >= batchSize)) throw new RangeError('the budget must be at least one batch');
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new RangeError('seeds must be a positive integer');
  if (!(evalFraction > 0 && evalFraction < 1)) throw new RangeError('the evaluation fraction must be between 0 and 1');
  const target = settings.targetAccuracy;
  if (target !== undefined && target !== null && !(target > 0 && target <= 1)) throw new RangeError('the target accuracy must be in (0, 1]');
}

function validateSimulation(input: SimulationInput): void {
  const { texts, labels, classNames, batchSize, evalFraction } = input;
  validateSimulationSettings(input);
  if (texts.length !== labels.length) throw new RangeError('texts and labels differ in length');
  if (classNames.length < 2) throw new RangeError('a simulation needs at least two classes');
  for (const label of labels) if (!(label >= 0 && label < classNames.length)) throw new RangeError(`label ${label} outside the ${classNames.length} classes`);
  const evalSize = Math.round(texts.length * evalFraction);
  if (evalSize < 1 || texts.length - evalSize < batchSize) throw new RangeError(`${texts.length} items are too few for this evaluation fraction and batch size`);
}

function pickOptions(input: SimulationInput): Omit<SimulationOptions, 'featurizer'> {
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

function countClasses(labels: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

/** A stable per-strategy seed offset, so adding a strategy does not change the others' runs. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

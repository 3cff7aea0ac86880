import type * as tf from '@tensorflow/tfjs';
import { expandCsrRange, gatherCsrRows, type CsrRows } from '../csr-rows';
import { createFeaturizer, DEFAULT_FEATURE_DIM, type FeaturizerOptions } from '../features/featurizer';
import { computeAccuracy, computeClassMetrics, computeConfusionMatrix, computeMacroF1, computePredictedLabels } from '../metrics';
import { predictProba, predictProbaMcDropout } from '../predict';
import { createRng, type Rng } from '../random';
import { DEFAULT_COLD_START_LABELS_PER_CLASS, isColdStart, scorePool, type BatchDiversity, type SamplingStrategyId } from '../sampling';
import { trainClassifier, trainCommittee, type ClassifierKind } from '../train';
import { MIN_VALIDATION_LABELS } from '../pipeline/train-model';
import { averageCurves, computeAulc, findLabelsToReach, type CurvePoint, type MeanCurvePoint } from './learning-curve';
import { pickBatch } from './pick-batch';
import { recommendStrategy, type StrategyRecommendation } from './recommend';

export type SimulationOptions = {
  strategies: readonly SamplingStrategyId[];
  /** Labels each run may buy, the initial random batch included. */
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
  /** Random batches until every class has this many labels, as in the product. */
  coldStartLabelsPerClass?: number;
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
  labels_to_95: number | null;
  full_accuracy: number;
};

export type SimulationResult = {
  dataset: { items: number; classes: string[]; classCounts: number[]; evalSize: number; poolSize: number };
  settings: Omit<SimulationOptions, 'featurizer'> & { dim: number; budget: number };
  strategies: Record<string, StrategyOutcome>;
  recommendation: StrategyRecommendation | null;
  seconds: number;
};

export const DEFAULT_COMMITTEE_MEMBERS = 4;
const PREDICT_CHUNK = 1024;

/**
 * Backtests sampling strategies with gold labels as the oracle (the pool-based protocol of
 * Settles 2009): per seed, hold out `evalFraction` at random, start every strategy from
 * the same random batch, then repeatedly train, score the held-out split, and let the
 * strategy buy the next batch, until the budget is spent. Also trains on the whole pool
 * once per seed for the full-data accuracy the curves are judged against.
 */
export async function runSimulation(input: SimulationInput): Promise<SimulationResult> {
  const started = performance.now();
  const { texts, labels, classNames, strategies, seeds, batchSize, evalFraction } = input;
  const numClasses = classNames.length;
  validate(input);
  if (strategies.includes('bald') && input.kind !== 'mlp') throw new Error("the 'bald' strategy needs the mlp model (MC dropout)");

  const featurizer = createFeaturizer(input.featurizer ?? { kind: 'hashed-ngrams', dim: DEFAULT_FEATURE_DIM });
  featurizer.fit(texts);
  const rows = featurizer.transformSparse(texts);
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
    const split: Split = {
      rows,
      labels,
      numClasses,
      evalRows: gatherCsrRows(rows, evalIndices, evalIndices.length),
      evalLabels: Int32Array.from(evalIndices, (i) => labels[i]!),
      pool: Int32Array.from(poolIndices),
    };
    const initial = seedRng.sample(Array.from({ length: poolSize }, (_, p) => p), Math.min(batchSize, budget));
    const modelSeed = seedRng.nextSeed();

    const full = await trainAndEvaluate(split, Int32Array.from({ length: poolSize }, (_, p) => p), input, modelSeed);
    full.model.dispose();
    fullAccuracies.push(full.accuracy);
    report(null, s, poolSize);

    for (const strategy of strategies) {
      runs.get(strategy)!.push(await runStrategy(split, strategy, initial, budget, input, createRng(modelSeed ^ hashName(strategy)), (n) => report(strategy, s, n)));
    }
  }

  const fullAccuracy = fullAccuracies.reduce((a, b) => a + b, 0) / fullAccuracies.length;
  const outcomes: Record<string, StrategyOutcome> = {};
  for (const strategy of strategies) {
    const curve = averageCurves(runs.get(strategy)!);
    outcomes[strategy] = { curve, aulc: computeAulc(curve), labels_to_95: findLabelsToReach(curve, fullAccuracy), full_accuracy: fullAccuracy };
  }
  return {
    dataset: { items: texts.length, classes: [...classNames], classCounts: countClasses(labels, numClasses), evalSize, poolSize },
    settings: { ...pickOptions(input), dim: featurizer.dim, budget },
    strategies: outcomes,
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
};

async function runStrategy(
  split: Split,
  strategy: SamplingStrategyId,
  initial: readonly number[],
  budget: number,
  options: SimulationOptions,
  rng: Rng,
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
  for (;;) {
    const positions = Int32Array.from(labeled);
    const { accuracy, macroF1, model, committee } = await trainAndEvaluate(split, positions, options, rng.nextSeed(), strategy === 'committee');
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
          rows: gatherPoolRows(split),
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

// Pool rows in pool-position order, built once per split.
const poolRowsCache = new WeakMap<Split, CsrRows>();
function gatherPoolRows(split: Split): CsrRows {
  let rows = poolRowsCache.get(split);
  if (!rows) {
    rows = gatherCsrRows(split.rows, split.pool, split.pool.length);
    poolRowsCache.set(split, rows);
  }
  return rows;
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
  const poolRows = gatherPoolRows(split);
  const unlabeled: number[] = [];
  eligible.forEach((isEligible, p) => isEligible && unlabeled.push(p));
  const k = split.numClasses;
  const scores = new Float32Array(eligible.length).fill(Number.NaN);
  const dim = poolRows.cols;
  const buffer = new Float32Array(PREDICT_CHUNK * dim);
  for (let start = 0; start < unlabeled.length; start += PREDICT_CHUNK) {
    const positions = unlabeled.slice(start, start + PREDICT_CHUNK);
    const n = positions.length;
    const x = expandCsrRange(gatherCsrRows(poolRows, positions, n), 0, n, buffer);
    let chunkScores: Float32Array;
    if (strategy === 'bald') {
      chunkScores = scorePool({ strategy, n, numClasses: k, rng, mcSamples: predictProbaMcDropout(model, x, n, dim, options.mcSamples ?? 10, rng.nextSeed()) });
    } else if (strategy === 'committee') {
      chunkScores = scorePool({ strategy, n, numClasses: k, rng, committeeProbs: committee.map((member) => predictProba(member, x, n, dim)) });
    } else {
      chunkScores = scorePool({ strategy, n, numClasses: k, rng, probs: predictProba(model, x, n, dim) });
    }
    positions.forEach((p, i) => (scores[p] = chunkScores[i]!));
  }
  return scores;
}

async function trainAndEvaluate(
  split: Split,
  positions: Int32Array,
  options: SimulationOptions,
  seed: number,
  withCommittee = false,
): Promise<{ accuracy: number; macroF1: number; model: tf.LayersModel; committee: tf.LayersModel[] }> {
  const items = Int32Array.from(positions, (p) => split.pool[p]!);
  const y = Int32Array.from(items, (i) => split.labels[i]!);
  const rows = gatherCsrRows(split.rows, items, items.length);
  const base = { rows, y, dim: rows.cols, numClasses: split.numClasses, kind: options.kind, seed, maxEpochs: options.maxEpochs, minValidationSize: MIN_VALIDATION_LABELS };
  const { model } = await trainClassifier(base);
  const committee = withCommittee
    ? (await trainCommittee({ ...base, seed: seed + 1, members: options.committeeMembers ?? DEFAULT_COMMITTEE_MEMBERS })).map((m) => m.model)
    : [];
  const dim = rows.cols;
  const n = split.evalLabels.length;
  const probs = new Float32Array(n * split.numClasses);
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    const count = Math.min(PREDICT_CHUNK, n - start);
    probs.set(predictProba(model, expandCsrRange(split.evalRows, start, count), count, dim), start * split.numClasses);
  }
  const confusion = computeConfusionMatrix(split.evalLabels, computePredictedLabels(probs, split.numClasses), split.numClasses);
  return { accuracy: computeAccuracy(confusion), macroF1: computeMacroF1(computeClassMetrics(confusion)), model, committee };
}

function validate(input: SimulationInput): void {
  const { texts, labels, classNames, budget, batchSize, seeds, evalFraction, strategies } = input;
  if (texts.length !== labels.length) throw new RangeError('texts and labels differ in length');
  if (classNames.length < 2) throw new RangeError('a simulation needs at least two classes');
  for (const label of labels) if (!(label >= 0 && label < classNames.length)) throw new RangeError(`label ${label} outside the ${classNames.length} classes`);
  if (strategies.length === 0) throw new RangeError('name at least one strategy');
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError('batch size must be a positive integer');
  if (!(Number.isInteger(budget) && budget >= batchSize)) throw new RangeError('the budget must be at least one batch');
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new RangeError('seeds must be a positive integer');
  if (!(evalFraction > 0 && evalFraction < 1)) throw new RangeError('the evaluation fraction must be between 0 and 1');
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

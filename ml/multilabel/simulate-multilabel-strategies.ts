import { gatherCsrRows, type CsrRows } from '../csr-rows';
import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '../features/featurizer';
import { createRng } from '../random';
import { DEFAULT_COLD_START_LABELS_PER_CLASS, type BatchDiversity } from '../sampling';
import { selectRepresentatives } from '../sampling/select-representatives';
import type { CurvePoint } from '../simulate/learning-curve';
import { pickBatch } from '../simulate/pick-batch';
import { recommendStrategy } from '../simulate/recommend';
import { DEFAULT_ACCURACY_AT, type ColdStartMode, type SimulationProgress, type SimulationResult } from '../simulate/simulation-settings';
import { summarizeStrategyRuns, type TStrategyRunOutcome } from '../simulate/summarize-simulation';
import { applyLabelThresholds } from './apply-label-thresholds';
import { isMultilabelColdStart } from './multilabel-cold-start';
import { computeMultilabelMetrics } from './multilabel-metrics';
import { isMultilabelSamplingStrategyId, scoreMultilabelPool, type MultilabelSamplingStrategyId } from './multilabel-strategies';
import { computeSigmoidProbabilities } from './sigmoid-model';
import { trainMultilabelClassifier } from './train-multilabel-classifier';

export type TMultilabelSimulationInput = {
  texts: readonly string[];
  /** n×L 0/1 gold label sets: the oracle. */
  targets: Uint8Array;
  labelNames: readonly string[];
  strategies: readonly MultilabelSamplingStrategyId[];
  /** Labels each run may buy, the first batch included. */
  budget: number;
  batchSize: number;
  seeds: number;
  /** Share of items held out to score every model on. */
  evalFraction: number;
  diversity: BatchDiversity;
  explorationShare: number;
  /** Random (or representative) batches while fewer than this many items per label are labeled. */
  coldStartLabelsPerClass?: number;
  coldStart?: ColdStartMode;
  /** Also report labels to reach this absolute micro-F1. */
  targetAccuracy?: number | null;
  accuracyAt?: readonly number[];
  featurizer?: FeaturizerOptions;
  seed: number;
  onProgress?(progress: SimulationProgress): void;
};

type TSeedSplit = { evalRows: CsrRows; evalTargets: Uint8Array; pool: Int32Array; poolRows: CsrRows; initial: readonly number[]; modelSeed: number };

/**
 * The strategy simulator for multi-label projects, on the structure of ml/simulate's (the
 * pool-based protocol with common random numbers): per seed one held-out split, one first batch
 * (k-means representatives of the pool, or random) and one sequence of model seeds serve every
 * strategy, plus a model trained on the whole pool for the full-data score. Each round trains the
 * version's model (one-vs-rest sigmoid, out-of-fold temperatures and tuned thresholds, warm-started
 * from the previous round), scores its predicted sets on the held-out items, and buys the next
 * batch by the strategy (random while cold). The curves measure micro-F1 (in the fields ml/simulate
 * names `accuracy`, with `metric: 'micro_f1'`), macro-F1 beside it; labels to 95% of the full-data
 * micro-F1 and the recommendation follow from them as for single-label simulations.
 */
export async function simulateMultilabelStrategies(input: TMultilabelSimulationInput): Promise<SimulationResult> {
  const started = performance.now();
  validateMultilabelSimulation(input);
  const numLabels = input.labelNames.length;
  const items = input.texts.length;
  const featurizer = createFeaturizer(input.featurizer ?? DEFAULT_FEATURIZER_OPTIONS);
  const rows = featurizer.fitTransformSparse(input.texts);
  const evalSize = Math.max(1, Math.round(items * input.evalFraction));
  const poolSize = items - evalSize;
  const budget = Math.min(input.budget, poolSize);
  const totalSteps = input.seeds * (1 + input.strategies.length * Math.ceil(budget / input.batchSize));
  const k = input.coldStartLabelsPerClass ?? DEFAULT_COLD_START_LABELS_PER_CLASS;
  const root = createRng(input.seed);
  const runSeeds = Array.from({ length: input.seeds }, () => root.nextSeed());
  let done = 0;
  const step = (seed: number, strategy: string | null, labels: number) => input.onProgress?.({ done: ++done, total: totalSteps, strategy, seed, labels });

  const outcomes: TStrategyRunOutcome[] = [];
  for (let seed = 0; seed < input.seeds; seed++) {
    const split = splitSeed(input, rows, runSeeds[seed]!, evalSize, budget);
    const full = await trainAndEvaluate(input, rows, split, Int32Array.from({ length: poolSize }, (_, p) => p), split.modelSeed, null);
    step(seed, null, poolSize);
    outcomes.push({ seed, strategy: null, fullAccuracy: full.microF1, curve: null });
    for (const strategy of input.strategies) {
      const curve = await runStrategy(input, rows, split, strategy, budget, k, (labels) => step(seed, strategy, labels));
      outcomes.push({ seed, strategy, fullAccuracy: null, curve });
    }
  }

  const { byStrategy, fullAccuracies } = summarizeStrategyRuns(input, outcomes);
  const classCounts = new Array<number>(numLabels).fill(0);
  for (let p = 0; p < input.targets.length; p++) classCounts[p % numLabels]! += input.targets[p]!;
  return {
    dataset: { items, classes: [...input.labelNames], classCounts, evalSize, poolSize },
    settings: {
      strategies: [...input.strategies],
      budget,
      batchSize: input.batchSize,
      seeds: input.seeds,
      evalFraction: input.evalFraction,
      kind: 'sigmoid',
      diversity: input.diversity,
      explorationShare: input.explorationShare,
      coldStartLabelsPerClass: k,
      coldStart: input.coldStart ?? 'representative',
      targetAccuracy: input.targetAccuracy ?? null,
      accuracyAt: [...(input.accuracyAt ?? DEFAULT_ACCURACY_AT)],
      seed: input.seed,
      dim: rows.cols,
      features: featurizer.kind,
    },
    metric: 'micro_f1',
    strategies: byStrategy,
    full_accuracy_per_seed: fullAccuracies,
    recommendation: recommendStrategy(byStrategy, 'micro-F1'),
    seconds: (performance.now() - started) / 1000,
  };
}

export function validateMultilabelSimulation(input: Omit<TMultilabelSimulationInput, 'onProgress'>): void {
  const { strategies, budget, batchSize, seeds, evalFraction, labelNames, texts, targets } = input;
  if (strategies.length === 0) throw new RangeError('name at least one strategy');
  if (new Set(strategies).size !== strategies.length) throw new RangeError('a strategy is named twice');
  const unknown = strategies.filter((s) => !isMultilabelSamplingStrategyId(s));
  if (unknown.length > 0) throw new RangeError(`not a multi-label strategy: ${unknown.join(', ')}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError('batch size must be a positive integer');
  if (!(Number.isInteger(budget) && budget >= batchSize)) throw new RangeError('the budget must be at least one batch');
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new RangeError('seeds must be a positive integer');
  if (!(evalFraction > 0 && evalFraction < 1)) throw new RangeError('the evaluation fraction must be between 0 and 1');
  if (labelNames.length < 1) throw new RangeError('a multi-label simulation needs at least one label');
  if (targets.length !== texts.length * labelNames.length) throw new RangeError('texts and label sets differ in length');
  const evalSize = Math.max(1, Math.round(texts.length * evalFraction));
  if (texts.length - evalSize < batchSize) throw new RangeError(`${texts.length} items are too few for this evaluation split and batch size`);
}

function splitSeed(input: TMultilabelSimulationInput, rows: CsrRows, runSeed: number, evalSize: number, budget: number): TSeedSplit {
  const numLabels = input.labelNames.length;
  const seedRng = createRng(runSeed);
  const order = seedRng.permutation(input.texts.length);
  const evalIndices = order.subarray(0, evalSize);
  const pool = Int32Array.from(order.subarray(evalSize));
  const poolRows = gatherCsrRows(rows, pool, pool.length);
  const coldStartRng = createRng(seedRng.nextSeed());
  const firstBatch = Math.min(input.batchSize, budget);
  const initial =
    (input.coldStart ?? 'representative') === 'representative'
      ? selectRepresentatives({ rows: poolRows, count: firstBatch, rng: coldStartRng })
      : coldStartRng.sample(Array.from({ length: pool.length }, (_, p) => p), firstBatch);
  return {
    evalRows: gatherCsrRows(rows, evalIndices, evalIndices.length),
    evalTargets: gatherTargets(input.targets, evalIndices, numLabels),
    pool,
    poolRows,
    initial,
    modelSeed: seedRng.nextSeed(),
  };
}

type TWeights = { kernel: Float32Array; bias: Float32Array };

async function runStrategy(
  input: TMultilabelSimulationInput,
  rows: CsrRows,
  split: TSeedSplit,
  strategy: MultilabelSamplingStrategyId,
  budget: number,
  k: number,
  onRound: (labels: number) => void,
): Promise<CurvePoint[]> {
  const numLabels = input.labelNames.length;
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
  add(split.initial);
  const curve: CurvePoint[] = [];
  // The same model seeds for every strategy; picking randomness is the strategy's own.
  const modelRng = createRng(split.modelSeed);
  const rng = createRng(split.modelSeed ^ hashName(strategy));
  let warm: TWeights | null = null;
  for (;;) {
    const round = await trainAndEvaluate(input, rows, split, Int32Array.from(labeled), modelRng.nextSeed(), warm);
    warm = round.weights;
    curve.push({ labels: labeled.length, accuracy: round.microF1, macroF1: round.macroF1 });
    onRound(labeled.length);
    const remaining = Math.min(input.batchSize, budget - labeled.length, poolSize - labeled.length);
    if (remaining <= 0) break;
    const eligible = Uint8Array.from(isLabeled, (v) => 1 - v);
    const useRandom = strategy === 'random' || isMultilabelColdStart(labeled.length, numLabels, Math.min(k, Math.floor(budget / Math.max(1, numLabels))));
    const unlabeled: number[] = [];
    eligible.forEach((isEligible, p) => isEligible && unlabeled.push(p));
    const probs = useRandom ? undefined : computeSigmoidProbabilities(gatherCsrRows(split.poolRows, unlabeled, unlabeled.length), round.scaledWeights.kernel, round.scaledWeights.bias);
    const chunkScores = scoreMultilabelPool({ strategy: useRandom ? 'random' : strategy, n: unlabeled.length, numLabels, probs, thresholds: round.thresholds, rng });
    const scores = new Float32Array(poolSize).fill(Number.NaN);
    unlabeled.forEach((p, i) => (scores[p] = chunkScores[i]!));
    add(
      pickBatch({
        scores,
        eligible,
        rows: split.poolRows,
        batchSize: remaining,
        diversity: useRandom ? 'none' : input.diversity,
        explorationShare: useRandom ? 0 : input.explorationShare,
        rng,
      }),
    );
  }
  return curve;
}

/** Trains on the pool positions given and scores the predicted sets on the seed's held-out items. */
async function trainAndEvaluate(
  input: TMultilabelSimulationInput,
  rows: CsrRows,
  split: TSeedSplit,
  positions: Int32Array,
  seed: number,
  warm: TWeights | null,
): Promise<{ microF1: number; macroF1: number; weights: TWeights; scaledWeights: TWeights; thresholds: number[] }> {
  const numLabels = input.labelNames.length;
  const itemIndices = Int32Array.from(positions, (p) => split.pool[p]!);
  const trained = await trainMultilabelClassifier({
    rows: gatherCsrRows(rows, itemIndices, itemIndices.length),
    targets: gatherTargets(input.targets, itemIndices, numLabels),
    numLabels,
    seed,
    init: warm,
  });
  try {
    // The calibrated weights (temperatures baked in) answer as the stored version would.
    const [kernel, bias] = trained.model.getWeights().map((w) => w.dataSync() as Float32Array) as [Float32Array, Float32Array];
    const scaledWeights = { kernel, bias };
    const thresholds = trained.metadata.thresholds;
    const predicted = applyLabelThresholds(computeSigmoidProbabilities(split.evalRows, kernel, bias), thresholds);
    const metrics = computeMultilabelMetrics(split.evalTargets, predicted, numLabels);
    return {
      microF1: metrics.microF1,
      macroF1: Number.isNaN(metrics.macroF1) ? 0 : metrics.macroF1,
      weights: { kernel: trained.weights.kernel, bias: trained.weights.bias },
      scaledWeights,
      thresholds,
    };
  } finally {
    trained.model.dispose();
  }
}

function gatherTargets(targets: Uint8Array, indices: ArrayLike<number>, numLabels: number): Uint8Array {
  const out = new Uint8Array(indices.length * numLabels);
  for (let r = 0; r < indices.length; r++) out.set(targets.subarray(indices[r]! * numLabels, (indices[r]! + 1) * numLabels), r * numLabels);
  return out;
}

/** A stable per-strategy seed offset, so adding a strategy does not change the others' runs. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

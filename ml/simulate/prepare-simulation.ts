import { gatherCsrRows, type CsrRows } from '../csr-rows';
import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS } from '../features/featurizer';
import { gatherImages, type ImageSet } from '../images/image-set';
import { toPixelRows } from '../images/pixel-rows';
import { createRng } from '../random';
import type { SamplingStrategyId } from '../sampling';
import { selectRepresentatives } from '../sampling/select-representatives';
import { countSimulationItems, validateSimulation, type SimulationInput } from './simulation-settings';

/** One unit of a simulation: the full-data model of a seed (strategy null), or one strategy's run on it. */
export type SimulationTask = { seed: number; strategy: SamplingStrategyId | null };

/** The held-out split, cold-start picks and model seed one seed's runs share (common random numbers). */
export type SeedSplit = {
  rows: CsrRows;
  labels: Int32Array;
  numClasses: number;
  evalRows: CsrRows;
  evalLabels: Int32Array;
  /** Item index of each pool position. */
  pool: Int32Array;
  /** Rows in pool-position order. */
  poolRows: CsrRows;
  /** Images of the evaluation split and of the pool (in pool-position order), for an image simulation. */
  evalImages: ImageSet | null;
  poolImages: ImageSet | null;
  /** Pool positions of the first batch, the same for every strategy. */
  initial: readonly number[];
  modelSeed: number;
};

/** The sizes of a simulation, known from its settings before any work. */
export type SimulationSize = {
  evalSize: number;
  poolSize: number;
  /** Labels a run buys: the budget, or the whole pool when smaller. */
  budget: number;
  /** Progress steps of the whole simulation: one per full-data model, one per round. */
  totalSteps: number;
};

/** What the result reports of a simulation besides its outcomes. */
export type SimulationShape = SimulationSize & { dim: number; features: string };

export type PreparedSimulation = SimulationShape & {
  input: Omit<SimulationInput, 'onProgress'>;
  rows: CsrRows;
  /** The seed of each run's random stream, drawn in order from the simulation's seed. */
  runSeeds: readonly number[];
  splits: Map<number, SeedSplit>;
};

/**
 * Featurizes once and fixes every run's random stream up front, so any task can run on its
 * own (in another thread, in any order) and still see the split, the cold-start batch and
 * the model seeds of a sequential run.
 */
export function prepareSimulation(input: Omit<SimulationInput, 'onProgress'>): PreparedSimulation {
  validateSimulation(input);
  const root = createRng(input.seed);
  // Images: pixel rows stand for the items where features are needed (cold-start representatives, diversity).
  const featurizer = input.images ? null : createFeaturizer(input.featurizer ?? DEFAULT_FEATURIZER_OPTIONS);
  const rows = input.images ? toPixelRows(input.images) : featurizer!.fitTransformSparse(input.texts);
  return {
    ...measureSimulation(input),
    input,
    rows,
    dim: rows.cols,
    features: featurizer ? featurizer.kind : `pixels ${input.images!.height}×${input.images!.width}×${input.images!.channels}`,
    runSeeds: Array.from({ length: input.seeds }, () => root.nextSeed()),
    splits: new Map(),
  };
}

export function measureSimulation(input: Pick<SimulationInput, 'texts' | 'images' | 'fixedEvalCount' | 'evalFraction' | 'budget' | 'batchSize' | 'seeds' | 'strategies'>): SimulationSize {
  const items = countSimulationItems(input);
  const evalSize = input.fixedEvalCount ?? Math.max(1, Math.round(items * input.evalFraction));
  const poolSize = items - evalSize;
  const budget = Math.min(input.budget, poolSize);
  return { evalSize, poolSize, budget, totalSteps: input.seeds * (1 + input.strategies.length * Math.ceil(budget / input.batchSize)) };
}

/** Every task of the simulation, seed by seed, the full-data model first. */
export function listSimulationTasks(input: Pick<SimulationInput, 'seeds' | 'strategies'>): SimulationTask[] {
  return Array.from({ length: input.seeds }, (_, seed) => [{ seed, strategy: null }, ...input.strategies.map((strategy) => ({ seed, strategy }))]).flat();
}

/** The seed's split and cold-start batch, computed on first use (k-means over the pool is not free). */
export function getSeedSplit(prepared: PreparedSimulation, seed: number): SeedSplit {
  const cached = prepared.splits.get(seed);
  if (cached) return cached;
  const { input, rows, evalSize, poolSize, budget } = prepared;
  const seedRng = createRng(prepared.runSeeds[seed]!);
  const items = countSimulationItems(input);
  const order = seedRng.permutation(items);
  let evalIndices = Array.from(order.subarray(0, evalSize));
  let pool = Int32Array.from(order.subarray(evalSize));
  if (input.fixedEvalCount !== undefined) {
    // A fixed test split: the last items, the same for every seed; the pool order is still the seed's.
    evalIndices = Array.from({ length: evalSize }, (_, i) => items - evalSize + i);
    pool = order.filter((i) => i < items - evalSize);
  }
  const poolRows = gatherCsrRows(rows, pool, pool.length);
  const coldStartRng = createRng(seedRng.nextSeed());
  const firstBatch = Math.min(input.batchSize, budget);
  const initial =
    (input.coldStart ?? 'representative') === 'representative'
      ? selectRepresentatives({ rows: poolRows, count: firstBatch, rng: coldStartRng })
      : coldStartRng.sample(Array.from({ length: poolSize }, (_, p) => p), firstBatch);
  const split: SeedSplit = {
    rows,
    labels: input.labels,
    numClasses: input.classNames.length,
    evalRows: gatherCsrRows(rows, evalIndices, evalIndices.length),
    evalLabels: Int32Array.from(evalIndices, (i) => input.labels[i]!),
    pool,
    poolRows,
    evalImages: input.images ? gatherImages(input.images, evalIndices) : null,
    poolImages: input.images ? gatherImages(input.images, pool) : null,
    initial,
    modelSeed: seedRng.nextSeed(),
  };
  prepared.splits.set(seed, split);
  return split;
}

import type { Rng } from '../random';
import { selectClusterStratified } from './cluster';
import { selectKCenterGreedy } from './k-center';
import { extractSparseRows, selectCsrRows } from './sparse-rows';
import type { CsrRows } from '../csr-rows';

/** Batch diversity modes; the settings layer builds its zod enum from this list. */
export const BATCH_DIVERSITIES = ['none', 'kcenter', 'cluster'] as const;
export type BatchDiversity = (typeof BATCH_DIVERSITIES)[number];

export type SelectBatchOptions = {
  /** One score per pool item; higher = query first. NaN ranks last. */
  scores: Float32Array;
  /** Row-major n×dim; 'kcenter' and 'cluster' need this or `rows`. */
  features?: Float32Array;
  /** The same features compressed (one row per score): what wide hashed features should pass. */
  rows?: CsrRows;
  dim?: number;
  batchSize: number;
  /** The diverse pick is made among the top candidateFactor × batch by score. */
  candidateFactor?: number;
  diversity: BatchDiversity;
  /** Expected share of the batch drawn uniformly from the whole eligible pool. */
  explorationShare: number;
  rng: Rng;
  /** Truthy where an item may be picked (not labeled, not leased); default all. */
  eligible?: ArrayLike<boolean | number>;
};

export type BatchPick = {
  index: number;
  score: number;
  /** 'exploration' picks are uniform over the eligible pool: use them for unbiased estimates. */
  reason: 'score' | 'exploration';
};

export const DEFAULT_CANDIDATE_FACTOR = 5;

/**
 * Builds a batch: rank eligible items by score, keep the top candidateFactor × batch,
 * choose among them greedily, by k-center or one per cluster, and mix in random picks
 * from the whole pool. Pure k-center on raw features can do worse than random, hence
 * the score pre-filter; the random share keeps estimates unbiased and finds unknown
 * unknowns the model is confidently wrong about.
 */
export function selectBatch(options: SelectBatchOptions): BatchPick[] {
  const { scores, batchSize, diversity, explorationShare, rng, eligible } = options;
  const candidateFactor = options.candidateFactor ?? DEFAULT_CANDIDATE_FACTOR;
  if (!Number.isInteger(batchSize) || batchSize < 0) throw new RangeError(`batchSize must be a non-negative integer, got ${batchSize}`);
  if (!(explorationShare >= 0 && explorationShare <= 1)) throw new RangeError(`explorationShare must be in [0, 1], got ${explorationShare}`);
  if (!(candidateFactor >= 1)) throw new RangeError(`candidateFactor must be ≥ 1, got ${candidateFactor}`);
  if (eligible && eligible.length !== scores.length) throw new RangeError('eligible mask and scores differ in length');
  if (diversity !== 'none' && !options.rows && (!options.features || !options.dim)) throw new Error(`diversity '${diversity}' needs features and dim, or rows`);

  const pool: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!eligible || eligible[i]) pool.push(i);
  const size = Math.min(batchSize, pool.length);
  if (size === 0) return [];

  // Round the expected exploration count up or down at random so its mean is exact.
  const expected = size * explorationShare;
  const explorationCount = Math.min(size, Math.floor(expected) + (rng.next() < expected - Math.floor(expected) ? 1 : 0));
  const scoreCount = size - explorationCount;

  const picks: BatchPick[] = [];
  if (scoreCount > 0) {
    const candidates = rankByScore(pool, scores, rng).slice(0, Math.min(pool.length, Math.ceil(candidateFactor * scoreCount)));
    let chosen: number[];
    if (diversity === 'none') {
      chosen = candidates.slice(0, scoreCount);
    } else {
      const rows = options.rows ? selectCsrRows(options.rows, candidates) : extractSparseRows(options.features!, options.dim!, candidates);
      const positions = diversity === 'kcenter' ? selectKCenterGreedy(rows, scoreCount) : selectClusterStratified(rows, scoreCount, rng);
      chosen = positions.map((p) => candidates[p]!);
    }
    for (const index of chosen) picks.push({ index, score: scores[index]!, reason: 'score' });
  }

  if (explorationCount > 0) {
    const taken = new Set(picks.map((p) => p.index));
    const remaining = pool.filter((i) => !taken.has(i));
    for (const index of rng.sample(remaining, explorationCount)) picks.push({ index, score: scores[index]!, reason: 'exploration' });
  }
  return picks;
}

/** Pool indices by descending score; ties in random order so equal scores do not favour low ids. */
function rankByScore(pool: readonly number[], scores: Float32Array, rng: Rng): number[] {
  const tieBreak = new Float64Array(scores.length);
  for (const i of pool) tieBreak[i] = rng.next();
  const rankable = (i: number) => (Number.isNaN(scores[i]!) ? Number.NEGATIVE_INFINITY : scores[i]!);
  return pool.slice().sort((a, b) => rankable(b) - rankable(a) || tieBreak[a]! - tieBreak[b]!);
}

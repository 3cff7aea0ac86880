import type { CsrRows } from '../csr-rows';
import type { Rng } from '../random';
import { clusterKMeans, computeSquaredNorm } from './cluster';
import { dotSparseDense, selectCsrRows } from './sparse-rows';

export type SelectRepresentativesOptions = {
  rows: CsrRows;
  /** Rows of `rows` that may be picked; default all. */
  candidates?: ArrayLike<number>;
  count: number;
  rng: Rng;
  /** Lloyd steps (assign, then move each centroid to its mean) after k-means++ seeding. */
  iterations?: number;
  /** Candidates beyond this are subsampled uniformly: clustering cost is candidates × count × non-zeros. */
  maxCandidates?: number;
};

export const DEFAULT_REPRESENTATIVE_ITERATIONS = 5;
export const DEFAULT_MAX_REPRESENTATIVE_CANDIDATES = 10_000;

/**
 * A cold-start batch chosen for coverage: k-means (k-means++ seeding, a few Lloyd steps,
 * cosine geometry on the L2-normalised rows) with k = count, then the member nearest each
 * centroid. Unlike k-center, which reaches for outliers, each pick stands for a dense region
 * of the pool, so the first labels span the topics instead of repeating the commonest one.
 * Returns row indices (into `rows`), one per non-empty cluster, topped up at random.
 */
export function selectRepresentatives({
  rows,
  candidates,
  count,
  rng,
  iterations = DEFAULT_REPRESENTATIVE_ITERATIONS,
  maxCandidates = DEFAULT_MAX_REPRESENTATIVE_CANDIDATES,
}: SelectRepresentativesOptions): number[] {
  let chosenRows = candidates ? Array.from(candidates) : Array.from({ length: rows.rows }, (_, i) => i);
  if (chosenRows.length > maxCandidates) chosenRows = rng.sample(chosenRows, maxCandidates);
  const k = Math.min(count, chosenRows.length);
  if (k <= 0) return [];
  // The candidates' rows, sketched (dense centroids of full-width rows cost k × 2^18 floats).
  const pool = selectCsrRows(rows, chosenRows);
  const n = pool.count;
  const { assignments, centroids } = clusterKMeans(pool, k, rng, iterations);

  // The member nearest each centroid.
  const centroidNorms = Float64Array.from({ length: k }, (_, c) => computeSquaredNorm(centroids, c * pool.dim, pool.dim));
  const bestOf = new Int32Array(k).fill(-1);
  const bestDistance = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const c = assignments[i]!;
    const distance = pool.squaredNorms[i]! + centroidNorms[c]! - 2 * dotSparseDense(pool, i, centroids, c * pool.dim);
    if (distance < bestDistance[c]!) {
      bestDistance[c] = distance;
      bestOf[c] = i;
    }
  }
  const picks = Array.from(bestOf).filter((i) => i >= 0);
  if (picks.length < k) {
    const taken = new Set(picks);
    picks.push(...rng.sample(Array.from({ length: n }, (_, i) => i).filter((i) => !taken.has(i)), k - picks.length));
  }
  return picks.map((i) => chosenRows[i]!);
}

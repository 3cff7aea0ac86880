import { gatherCsrRows, type CsrRows } from '../csr-rows';
import { sketchCsrRows } from './sketch-rows';
import type { Rng } from '../random';

export type SelectRepresentativesOptions = {
  rows: CsrRows;
  /** Rows of `rows` that may be picked; default all. */
  candidates?: ArrayLike<number>;
  count: number;
  rng: Rng;
  /** Lloyd iterations after k-means++ seeding. */
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
  // The candidates' rows, gathered and sketched (dense centroids of full-width rows cost k × 2^18 floats).
  const sketch = sketchCsrRows(gatherCsrRows(rows, chosenRows, chosenRows.length));
  const pool = Array.from({ length: chosenRows.length }, (_, i) => i);
  const dim = sketch.cols;
  const { offsets, columns, values } = sketch;
  const n = pool.length;
  const norms = Float64Array.from(pool, (r) => {
    let sum = 0;
    for (let e = offsets[r]!; e < offsets[r + 1]!; e++) sum += values[e]! * values[e]!;
    return sum;
  });
  const dotCentroid = (r: number, centroids: Float32Array, c: number): number => {
    let sum = 0;
    const base = c * dim;
    for (let e = offsets[r]!; e < offsets[r + 1]!; e++) sum += values[e]! * centroids[base + columns[e]!]!;
    return sum;
  };

  // k-means++ seeding (D² sampling).
  const centroids = new Float32Array(k * dim);
  const centroidNorms = new Float64Array(k);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let chosen = rng.int(n);
  for (let c = 0; c < k; c++) {
    const r = pool[chosen]!;
    for (let e = offsets[r]!; e < offsets[r + 1]!; e++) centroids[c * dim + columns[e]!] = values[e]!;
    centroidNorms[c] = norms[chosen]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const distance = Math.max(0, norms[i]! + centroidNorms[c]! - 2 * dotCentroid(pool[i]!, centroids, c));
      if (distance < nearest[i]!) nearest[i] = distance;
      total += nearest[i]!;
    }
    if (c + 1 === k) break;
    let target = rng.next() * total;
    chosen = rng.int(n);
    if (total > 0) {
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target < 0) {
          chosen = i;
          break;
        }
      }
    }
  }

  // Lloyd steps.
  const assignment = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(k);
  for (let iteration = 0; iteration <= iterations; iteration++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const distance = centroidNorms[c]! - 2 * dotCentroid(pool[i]!, centroids, c);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (assignment[i] !== best) changed++;
      assignment[i] = best;
    }
    if (iteration === iterations || changed === 0) break;
    sizes.fill(0);
    for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;
    for (let c = 0; c < k; c++) if (sizes[c]! > 0) centroids.fill(0, c * dim, (c + 1) * dim);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      const r = pool[i]!;
      const scale = 1 / sizes[c]!;
      for (let e = offsets[r]!; e < offsets[r + 1]!; e++) centroids[c * dim + columns[e]!]! += values[e]! * scale;
    }
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = c * dim; j < (c + 1) * dim; j++) sum += centroids[j]! * centroids[j]!;
      centroidNorms[c] = sum;
    }
  }

  // The member nearest each centroid.
  const bestOf = new Int32Array(k).fill(-1);
  const bestDistance = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const c = assignment[i]!;
    const distance = norms[i]! + centroidNorms[c]! - 2 * dotCentroid(pool[i]!, centroids, c);
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

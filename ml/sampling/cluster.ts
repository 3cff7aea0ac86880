import type { Rng } from '../random';
import { dotSparseDense, type SparseRows } from './sparse-rows';

const MAX_KMEANS_ITERATIONS = 15;

/**
 * Cluster-stratified pick: k-means (k-means++ seeding) splits the candidates into
 * k clusters and each cluster contributes its best-scored member, so one dense
 * region of near-duplicates cannot fill the whole batch. Candidates must be ordered
 * by score (best first); returns positions into `rows`, best cluster first.
 */
export function selectClusterStratified(rows: SparseRows, k: number, rng: Rng): number[] {
  const take = Math.min(k, rows.count);
  if (take <= 0) return [];
  const { assignments } = clusterKMeans(rows, take, rng);
  const bestOfCluster = new Int32Array(take).fill(-1);
  for (let r = 0; r < rows.count; r++) {
    const cluster = assignments[r]!;
    if (bestOfCluster[cluster] === -1) bestOfCluster[cluster] = r; // rows are score-ordered
  }
  const picks = Array.from(bestOfCluster).filter((r) => r >= 0).sort((a, b) => a - b);
  // Duplicate points can leave clusters empty: top up with the best remaining scores.
  const isPicked = new Uint8Array(rows.count);
  picks.forEach((r) => (isPicked[r] = 1));
  for (let r = 0; r < rows.count && picks.length < take; r++) if (!isPicked[r]) picks.push(r);
  return picks;
}

export type KMeansClusters = {
  /** Cluster per row. */
  assignments: Int32Array;
  /** k × dim, each the mean of its cluster's rows (an empty cluster keeps its seed or last mean). */
  centroids: Float64Array;
};

/** Lloyd's k-means (k-means++ seeding) on sparse rows with dense centroids. */
export function clusterKMeans(rows: SparseRows, k: number, rng: Rng, maxIterations = MAX_KMEANS_ITERATIONS): KMeansClusters {
  const { count, dim } = rows;
  const centroids = seedKMeansPlusPlus(rows, k, rng);
  const centroidNorms = new Float64Array(k);
  const assignments = new Int32Array(count).fill(-1);
  const sizes = new Int32Array(k);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    for (let c = 0; c < k; c++) centroidNorms[c] = computeSquaredNorm(centroids, c * dim, dim);
    let changed = 0;
    for (let r = 0; r < count; r++) {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const distance = centroidNorms[c]! - 2 * dotSparseDense(rows, r, centroids, c * dim);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (assignments[r] !== best) {
        assignments[r] = best;
        changed++;
      }
    }
    if (changed === 0) break;
    sizes.fill(0);
    const sums = new Float64Array(k * dim);
    for (let r = 0; r < count; r++) {
      const c = assignments[r]!;
      sizes[c]!++;
      for (let e = rows.offsets[r]!; e < rows.offsets[r + 1]!; e++) sums[c * dim + rows.columns[e]!]! += rows.values[e]!;
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue; // an empty cluster keeps its old centroid
      for (let j = 0; j < dim; j++) centroids[c * dim + j] = sums[c * dim + j]! / sizes[c]!;
    }
  }
  return { assignments, centroids };
}

function seedKMeansPlusPlus(rows: SparseRows, k: number, rng: Rng): Float64Array {
  const { count, dim } = rows;
  const centroids = new Float64Array(k * dim);
  const nearest = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  let chosen = rng.int(count);
  for (let c = 0; c < k; c++) {
    for (let e = rows.offsets[chosen]!; e < rows.offsets[chosen + 1]!; e++) centroids[c * dim + rows.columns[e]!] = rows.values[e]!;
    const centroidNorm = rows.squaredNorms[chosen]!;
    let total = 0;
    for (let r = 0; r < count; r++) {
      const distance = Math.max(0, rows.squaredNorms[r]! + centroidNorm - 2 * dotSparseDense(rows, r, centroids, c * dim));
      if (distance < nearest[r]!) nearest[r] = distance;
      total += nearest[r]!;
    }
    if (c + 1 === k) break;
    // Next seed with probability ∝ squared distance; all-identical points fall back to uniform.
    let target = rng.next() * total;
    chosen = rng.int(count);
    if (total > 0) {
      for (let r = 0; r < count; r++) {
        target -= nearest[r]!;
        if (target < 0) {
          chosen = r;
          break;
        }
      }
    }
  }
  return centroids;
}

export function computeSquaredNorm(values: Float64Array, offset: number, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j++) sum += values[offset + j]! * values[offset + j]!;
  return sum;
}

import { densifyRow, dotSparseDense, type SparseRows } from './sparse-rows';

/**
 * Greedy k-center (Sener & Savarese 2018) over candidate rows already ordered by
 * score: start from the best-scored candidate, then repeatedly take the candidate
 * farthest from everything picked so far. Ties go to the better-scored candidate.
 * Returns positions into `rows`, in pick order.
 */
export function selectKCenterGreedy(rows: SparseRows, k: number): number[] {
  const count = rows.count;
  const take = Math.min(k, count);
  if (take <= 0) return [];
  const minDistance = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  const isPicked = new Uint8Array(count);
  const center = new Float64Array(rows.dim);
  const picks: number[] = [];
  let next = 0;
  while (picks.length < take) {
    picks.push(next);
    isPicked[next] = 1;
    densifyRow(rows, next, center);
    const centerNorm = rows.squaredNorms[next]!;
    let farthest = -1;
    let farthestDistance = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < count; r++) {
      if (isPicked[r]) continue;
      const distance = rows.squaredNorms[r]! + centerNorm - 2 * dotSparseDense(rows, r, center);
      if (distance < minDistance[r]!) minDistance[r] = distance;
      if (minDistance[r]! > farthestDistance) {
        farthestDistance = minDistance[r]!;
        farthest = r;
      }
    }
    if (farthest < 0) break;
    next = farthest;
  }
  return picks;
}

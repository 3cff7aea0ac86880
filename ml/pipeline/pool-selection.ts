import type { CsrRows } from '../csr-rows';
import type { Rng } from '../random';
import { selectBatch, selectRepresentatives, type BatchDiversity } from '../sampling';

/**
 * The two ways a pool scorer picks by features rather than by score (a diverse batch among the top
 * candidates, the cold-start representatives), whatever model scored the pool and whatever the pool
 * holds: `toRows` gives its feature rows (hashed text features, an image model's embeddings).
 */
export function createPoolSelection<TPool>(
  toRows: (pool: TPool) => CsrRows,
  rng: Rng,
): {
  selectDiverse(pool: TPool, scores: Float32Array, batchSize: number, diversity: Exclude<BatchDiversity, 'none'>): number[];
  selectRepresentatives(pool: TPool, count: number): number[];
} {
  return {
    selectDiverse(pool, scores, batchSize, diversity) {
      const rows = toRows(pool);
      if (scores.length !== rows.rows) throw new RangeError('the pool and its scores differ in length');
      const picks = selectBatch({
        scores,
        rows,
        batchSize,
        candidateFactor: Math.max(1, rows.rows / Math.max(1, batchSize)),
        diversity,
        explorationShare: 0,
        rng,
      });
      return picks.map((pick) => pick.index);
    },
    selectRepresentatives(pool, count) {
      return selectRepresentatives({ rows: toRows(pool), count, rng });
    },
  };
}

import type { Featurizer } from '../features/featurizer';
import type { Rng } from '../random';
import { selectBatch, selectRepresentatives, type BatchDiversity } from '../sampling';

/**
 * The two ways a text pool scorer picks by features rather than by score (a diverse batch among
 * the top candidates, the cold-start representatives), whatever model scored it: every text
 * scorer spreads these into its PoolScorer.
 */
export function createTextPoolSelection(
  featurizer: Featurizer,
  rng: Rng,
): {
  selectDiverse(texts: readonly string[], scores: Float32Array, batchSize: number, diversity: Exclude<BatchDiversity, 'none'>): number[];
  selectRepresentatives(texts: readonly string[], count: number): number[];
} {
  return {
    selectDiverse(texts, scores, batchSize, diversity) {
      if (scores.length !== texts.length) throw new RangeError('texts and scores differ in length');
      const picks = selectBatch({
        scores,
        rows: featurizer.transformSparse(texts),
        batchSize,
        candidateFactor: Math.max(1, texts.length / Math.max(1, batchSize)),
        diversity,
        explorationShare: 0,
        rng,
      });
      return picks.map((pick) => pick.index);
    },
    selectRepresentatives(texts, count) {
      return selectRepresentatives({ rows: featurizer.transformSparse(texts), count, rng });
    },
  };
}

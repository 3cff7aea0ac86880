import type { TMetricFunction } from '../agreement/bootstrap';
import { markUnavailable, NO_OVERLAP_REASON, NO_RATINGS_REASON, type TMetric } from '../agreement/metric';
import type { TRatingIndex } from '../agreement/ratings';
import type { TLabelSetIndex } from './label-set-ratings';

const ONLY_EMPTY_REASON = 'every answer on a shared item is "none of these", so there is no chosen label to score';

/**
 * Annotators scored against each other the way a multi-label model is scored against the truth:
 * micro-F1 = 2·Σ|A ∩ B| / Σ(|A| + |B|) over pairs of answers (A, B) on the same item, each item's
 * pairs averaged first so an item counts once however many annotators it had (as a model's
 * prediction meets one true set per item). Symmetric, and for two annotators exactly the micro-F1
 * of one taken as the truth for the other. "None of these" against "none of these" adds nothing
 * (as a correctly empty prediction adds nothing to a model's micro-F1); against a set, that set's
 * labels count as missed. Items with fewer than two answers drop out.
 */
export function computePairwiseMicroF1(index: TLabelSetIndex): TMetric {
  return createPairwiseMicroF1Metric(index)(index.ratings);
}

/** The same as a TMetricFunction over the index's ratings, for computeBootstrapCis. */
export function createPairwiseMicroF1Metric(index: TLabelSetIndex): TMetricFunction {
  const q = index.sets.length;
  // Shared labels of every two distinct sets, computed once.
  const shared = new Int32Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let k = c; k < q; k++) {
      const other = new Set(index.sets[k]!);
      let count = 0;
      for (const label of index.sets[c]!) if (other.has(label)) count++;
      shared[c * q + k] = shared[k * q + c] = count;
    }
  }
  return (ratings: TRatingIndex) => {
    if (ratings.ratingCount === 0) return markUnavailable(NO_RATINGS_REASON);
    let agreed = 0;
    let chosen = 0;
    let pairedItems = 0;
    for (let i = 0; i < ratings.items.length; i++) {
      const weight = ratings.itemWeights ? ratings.itemWeights[i]! : 1;
      if (weight === 0) continue;
      const start = ratings.tallyStart[i]!;
      const end = ratings.tallyStart[i + 1]!;
      let answers = 0;
      for (let t = start; t < end; t++) answers += ratings.tallyCount[t]!;
      if (answers < 2) continue;
      let itemShared = 0;
      let itemChosen = 0;
      for (let t = start; t < end; t++) {
        const c = ratings.tallyLabel[t]!;
        const n = ratings.tallyCount[t]!;
        const size = index.sets[c]!.length;
        // n(n − 1)/2 pairs of the same set: all of it shared, twice its size chosen.
        const samePairs = (n * (n - 1)) / 2;
        itemShared += samePairs * size;
        itemChosen += samePairs * 2 * size;
        for (let u = t + 1; u < end; u++) {
          const k = ratings.tallyLabel[u]!;
          const pairs = n * ratings.tallyCount[u]!;
          itemShared += pairs * shared[c * q + k]!;
          itemChosen += pairs * (size + index.sets[k]!.length);
        }
      }
      const pairs = (answers * (answers - 1)) / 2;
      agreed += (weight * itemShared) / pairs;
      chosen += (weight * itemChosen) / pairs;
      pairedItems += weight;
    }
    if (pairedItems === 0) return markUnavailable(NO_OVERLAP_REASON);
    if (chosen === 0) return markUnavailable(ONLY_EMPTY_REASON);
    return { value: (2 * agreed) / chosen, ci95: null };
  };
}

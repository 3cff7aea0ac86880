import { summarizeItemAgreement } from './item-agreement';
import { markUnavailable, NO_OVERLAP_REASON, NO_RATINGS_REASON, type TMetric } from './metric';
import { resolveRatingIndex, type TIndexOptions, type TRatingsInput } from './ratings';

/**
 * Raw agreement: for each item with at least two ratings, the share of rater pairs that agree; then
 * the mean over those items. Not chance-corrected: it sits beside the kappas because it is the
 * number people can check by hand.
 */
export function computePercentAgreement(input: TRatingsInput, options: TIndexOptions = {}): TMetric {
  const index = resolveRatingIndex(input, options);
  if (index.ratingCount === 0) return markUnavailable(NO_RATINGS_REASON);
  const { observedAgreement } = summarizeItemAgreement(index);
  if (observedAgreement === null) return markUnavailable(NO_OVERLAP_REASON);
  return { value: observedAgreement, ci95: null };
}

import { summarizeItemAgreement } from './item-agreement';
import { correctForChance, markUnavailable, NO_OVERLAP_REASON, NO_RATINGS_REASON, type TAgreementCoefficient } from './metric';
import { resolveRatingIndex, type TIndexOptions, type TRatingsInput } from './ratings';

/**
 * Fleiss' kappa. Items may have different numbers of ratings: we use Gwet's (2014) generalisation
 * (the one irrCAC's fleiss.kappa.raw implements): P̄ averages per-item agreement over items with at
 * least two ratings, and p_k averages per-item category shares over all rated items. With the same
 * number of raters on every item this is exactly Fleiss (1971).
 */
export function computeFleissKappa(input: TRatingsInput, options: TIndexOptions = {}): TAgreementCoefficient {
  const index = resolveRatingIndex(input, options);
  if (index.ratingCount === 0) return markUnavailable(NO_RATINGS_REASON);
  const { observedAgreement, categoryShares } = summarizeItemAgreement(index);
  if (observedAgreement === null) return markUnavailable(NO_OVERLAP_REASON);
  let chanceAgreement = 0;
  for (const share of categoryShares) chanceAgreement += share * share;
  return correctForChance(observedAgreement, chanceAgreement, 'every rating has the same label, so chance agreement is 1 and kappa is undefined');
}

import { summarizeItemAgreement } from './item-agreement';
import { correctForChance, markUnavailable, NO_OVERLAP_REASON, NO_RATINGS_REASON, type TAgreementCoefficient } from './metric';
import { resolveRatingIndex, type TIndexOptions, type TRatingsInput } from './ratings';

/**
 * Gwet's AC1 for any number of raters with missing ratings (Gwet 2014): chance agreement is
 * Σ_k π_k(1 − π_k) / (q − 1), where q is the number of declared categories. Declaring the category
 * list matters: a category nobody picked still lowers chance agreement.
 */
export function computeGwetAC1(input: TRatingsInput, options: TIndexOptions = {}): TAgreementCoefficient {
  const index = resolveRatingIndex(input, options);
  if (index.ratingCount === 0) return markUnavailable(NO_RATINGS_REASON);
  const q = index.categories.length;
  if (q < 2) {
    return markUnavailable(
      index.hasDeclaredCategories
        ? 'AC1 needs at least two declared categories'
        : 'AC1 needs at least two categories; only one label was seen and no category list was declared',
    );
  }
  const { observedAgreement, categoryShares } = summarizeItemAgreement(index);
  if (observedAgreement === null) return markUnavailable(NO_OVERLAP_REASON);
  let spread = 0;
  for (const share of categoryShares) spread += share * (1 - share);
  // With q ≥ 2 chance agreement is at most 1/q, so this never hits the undefined case.
  return correctForChance(observedAgreement, spread / (q - 1), 'chance agreement is 1');
}

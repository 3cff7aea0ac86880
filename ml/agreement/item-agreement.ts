import type { TRatingIndex } from './ratings';

export type TItemAgreementSummary = {
  /** pa: mean over items with ≥ 2 ratings of Σ_k n_ik(n_ik − 1) / (m_i(m_i − 1)); null when no item qualifies. */
  observedAgreement: number | null;
  /** π_k: mean over all rated items of n_ik / m_i (Gwet 2014, eq. for π_k with missing ratings). */
  categoryShares: Float64Array;
};

/**
 * The two ingredients Fleiss' kappa, Gwet's AC1 and percent agreement share, in Gwet's (2014)
 * formulation for a varying number of ratings per item. π_k averages per-item shares over every
 * rated item, including items with a single rating: those carry no agreement information but do
 * tell us how often each category is used. With a constant number of raters, π_k equals Fleiss'
 * p_j and pa equals Fleiss' P̄.
 */
export function summarizeItemAgreement(index: TRatingIndex): TItemAgreementSummary {
  const { itemStart, tallyStart, tallyLabel, tallyCount, itemWeights } = index;
  const categoryShares = new Float64Array(index.categories.length);
  let agreementSum = 0;
  let pairableWeight = 0;
  let itemWeight = 0;
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    if (weight === 0) continue;
    const m = itemStart[i + 1]! - itemStart[i]!;
    let agreeingPairs = 0;
    for (let t = tallyStart[i]!; t < tallyStart[i + 1]!; t++) {
      const n = tallyCount[t]!;
      agreeingPairs += n * (n - 1);
      categoryShares[tallyLabel[t]!]! += (weight * n) / m;
    }
    itemWeight += weight;
    if (m >= 2) {
      agreementSum += (weight * agreeingPairs) / (m * (m - 1));
      pairableWeight += weight;
    }
  }
  if (itemWeight > 0) for (let k = 0; k < categoryShares.length; k++) categoryShares[k]! /= itemWeight;
  return { observedAgreement: pairableWeight > 0 ? agreementSum / pairableWeight : null, categoryShares };
}

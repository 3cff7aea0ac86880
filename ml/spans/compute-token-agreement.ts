import { computePairwiseCohenKappa, type TPairwiseCohenKappa } from '../agreement/cohen-kappa';
import { computeKrippendorffAlpha } from '../agreement/krippendorff-alpha';
import type { TDisagreementCoefficient } from '../agreement/metric';
import type { TRating } from '../agreement/ratings';
import { labelTokens, type TTokenScheme } from './label-tokens';
import type { TSpanItem } from './span-item';

export type TTokenAgreement = { alpha: TDisagreementCoefficient; kappa: TPairwiseCohenKappa; tokens: number };

/**
 * Token-level agreement: every token of every item is a unit, each annotator's tag for it (see
 * labelTokens: 'O' outside any span) a nominal rating. Krippendorff's α over all annotators (units
 * with fewer than two ratings drop out) and Cohen's κ per annotator pair with their mean (Light's κ).
 * Chance-corrected, unlike span F1, but it weighs long spans by their length and most tokens are
 * 'O' in sparse entity text, so both high agreement on 'O' and the chance model reflect that.
 */
export function computeTokenAgreement(items: readonly TSpanItem[], scheme: TTokenScheme = 'io'): TTokenAgreement {
  const ratings: TRating[] = [];
  let tokens = 0;
  for (const { item, tokens: itemTokens, annotations } of items) {
    tokens += itemTokens.length;
    for (const { annotator, spans } of annotations) {
      labelTokens(itemTokens, spans, scheme).forEach((label, t) => ratings.push({ item: `${item}\u0000${t}`, annotator, label }));
    }
  }
  return { alpha: computeKrippendorffAlpha(ratings), kappa: computePairwiseCohenKappa(ratings), tokens };
}

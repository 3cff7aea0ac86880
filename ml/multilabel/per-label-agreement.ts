import { computeBootstrapCis, DEFAULT_BOOTSTRAP_SEED } from '../agreement/bootstrap';
import { computePairwiseCohenKappa, type TCohenPair } from '../agreement/cohen-kappa';
import { computeKrippendorffAlpha } from '../agreement/krippendorff-alpha';
import type { TDisagreementCoefficient, TMetric } from '../agreement/metric';
import { computePercentAgreement } from '../agreement/percent-agreement';
import type { TRatingIndex } from '../agreement/ratings';
import type { TLabelSetIndex } from './label-set-ratings';
import { reduceToLabelPresence } from './label-presence-ratings';

export type TLabelAgreement = {
  label: string;
  /** Answers (over all items, paired or not) that contain the label. */
  positiveAnswers: number;
  /** Nominal Krippendorff's alpha on present/absent. */
  krippendorffAlpha: TDisagreementCoefficient;
  /** Light's kappa: the mean of Cohen's kappa over annotator pairs where it is defined, on present/absent. */
  cohenKappaMean: TMetric;
  cohenKappaPairs: TCohenPair[];
  /** Share of agreeing annotator pairs on present/absent (not chance-corrected; inflated by rare labels). */
  percentAgreement: TMetric;
};

export type TPerLabelAgreementOptions = {
  /** Bootstrap resamples over items for 95% intervals; 0 (default) skips them. */
  bootstrapSamples?: number;
  seed?: number;
};

/**
 * Agreement label by label: each answer reduced to "the label is present / absent"
 * (reduceToLabelPresence), then the single-label statistics of ml/agreement on that binary
 * rating. This is what tells a project which label's guideline is unclear; a set-level alpha
 * only says that something is. A label nobody chose, or everybody chose on every item, has no
 * variation: its alpha and kappas come back unavailable with the reason.
 */
export function computePerLabelAgreement(index: TLabelSetIndex, options: TPerLabelAgreementOptions = {}): TLabelAgreement[] {
  const samples = options.bootstrapSamples ?? 0;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  return index.labels.map((label, code) => {
    const presence = reduceToLabelPresence(index, code);
    const pairwise = computePairwiseCohenKappa(presence);
    const result: TLabelAgreement = {
      label,
      positiveAnswers: countPresent(presence),
      krippendorffAlpha: computeKrippendorffAlpha(presence),
      cohenKappaMean: pairwise.mean,
      cohenKappaPairs: pairwise.pairs,
      percentAgreement: computePercentAgreement(presence),
    };
    if (samples > 0) {
      const intervals = computeBootstrapCis(
        presence,
        {
          krippendorffAlpha: computeKrippendorffAlpha,
          cohenKappaMean: (data: TRatingIndex) => computePairwiseCohenKappa(data).mean,
          percentAgreement: computePercentAgreement,
        },
        { samples, seed },
      );
      // An undefined estimate keeps its reason: a resample cannot rescue it.
      if (result.krippendorffAlpha.value !== null) result.krippendorffAlpha = { ...result.krippendorffAlpha, ci95: intervals.krippendorffAlpha.ci95 };
      if (result.cohenKappaMean.value !== null) result.cohenKappaMean = { ...result.cohenKappaMean, ci95: intervals.cohenKappaMean.ci95 };
      if (result.percentAgreement.value !== null) result.percentAgreement = { ...result.percentAgreement, ci95: intervals.percentAgreement.ci95 };
    }
    return result;
  });
}

function countPresent(presence: TRatingIndex): number {
  let count = 0;
  for (const label of presence.ratingLabel) count += label;
  return count;
}

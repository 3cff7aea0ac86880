import { computeBootstrapCis, DEFAULT_BOOTSTRAP_SEED } from '../agreement/bootstrap';
import type { TDisagreementCoefficient, TMetric } from '../agreement/metric';
import { computePercentAgreement } from '../agreement/percent-agreement';
import { indexLabelSetRatings, type TLabelSetIndex, type TLabelSetIndexOptions, type TLabelSetRating } from './label-set-ratings';
import { computePairwiseMicroF1, createPairwiseMicroF1Metric } from './pairwise-micro-f1';
import { computePerLabelAgreement, type TLabelAgreement } from './per-label-agreement';
import { computeJaccardDistance, computeMasiDistance, PASSONNEAU_MASI_WEIGHTS, type TMasiWeights } from './set-distances';
import { computeSetKrippendorffAlpha, createSetAlphaMetric } from './set-krippendorff-alpha';

export type TMultilabelAgreementOptions = TLabelSetIndexOptions & {
  /** Bootstrap resamples over items for 95% intervals; 0 (default) skips them. */
  bootstrapSamples?: number;
  seed?: number;
  /** MASI's weights; NLTK_MASI_WEIGHTS reproduces NLTK's rounded 0.67/0.33. */
  masiWeights?: TMasiWeights;
};

export type TMultilabelAgreementReport = {
  items: number;
  annotators: number;
  answers: number;
  labels: string[];
  /** Answers that chose no label ("none of these"). */
  emptyAnswers: number;
  /** Share of annotator pairs on an item whose sets are exactly equal (not chance-corrected). */
  exactMatchAgreement: TMetric;
  krippendorffAlphaMasi: TDisagreementCoefficient;
  krippendorffAlphaJaccard: TDisagreementCoefficient;
  /** Annotators against each other scored like a model against the truth (computePairwiseMicroF1): the human level of a version's micro-F1. */
  pairwiseMicroF1: TMetric;
  perLabel: TLabelAgreement[];
  bootstrap: { samples: number; seed: number } | null;
};

/**
 * Every agreement number for a multi-label project from one index of the answers: exact-set
 * agreement, set-valued Krippendorff's alpha with MASI and with Jaccard, and per-label binary
 * alpha and kappa. With bootstrapSamples, the set-level metrics share one set of item resamples
 * (as the single-label report does) and each label gets its own.
 */
export function computeMultilabelAgreementReport(input: readonly TLabelSetRating[] | TLabelSetIndex, options: TMultilabelAgreementOptions = {}): TMultilabelAgreementReport {
  const index = Array.isArray(input) ? indexLabelSetRatings(input as readonly TLabelSetRating[], options) : (input as TLabelSetIndex);
  const samples = options.bootstrapSamples ?? 0;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const masiWeights = options.masiWeights ?? PASSONNEAU_MASI_WEIGHTS;
  const masi = (a: ArrayLike<number>, b: ArrayLike<number>) => computeMasiDistance(a, b, masiWeights);

  let exactMatchAgreement: TMetric = computePercentAgreement(index.ratings);
  let krippendorffAlphaMasi = computeSetKrippendorffAlpha(index, masi);
  let krippendorffAlphaJaccard = computeSetKrippendorffAlpha(index, computeJaccardDistance);
  let pairwiseMicroF1 = computePairwiseMicroF1(index);
  if (samples > 0) {
    const intervals = computeBootstrapCis(
      index.ratings,
      {
        exact: computePercentAgreement,
        masi: createSetAlphaMetric(index, masi),
        jaccard: createSetAlphaMetric(index, computeJaccardDistance),
        microF1: createPairwiseMicroF1Metric(index),
      },
      { samples, seed },
    );
    if (exactMatchAgreement.value !== null) exactMatchAgreement = { ...exactMatchAgreement, ci95: intervals.exact.ci95 };
    if (krippendorffAlphaMasi.value !== null) krippendorffAlphaMasi = { ...krippendorffAlphaMasi, ci95: intervals.masi.ci95 };
    if (krippendorffAlphaJaccard.value !== null) krippendorffAlphaJaccard = { ...krippendorffAlphaJaccard, ci95: intervals.jaccard.ci95 };
    if (pairwiseMicroF1.value !== null) pairwiseMicroF1 = { ...pairwiseMicroF1, ci95: intervals.microF1.ci95 };
  }

  const emptySet = index.sets.findIndex((set) => set.length === 0);
  let emptyAnswers = 0;
  if (emptySet >= 0) for (const set of index.ratings.ratingLabel) if (set === emptySet) emptyAnswers++;
  return {
    items: index.ratings.items.length,
    annotators: index.ratings.annotators.length,
    answers: index.ratings.ratingCount,
    labels: [...index.labels],
    emptyAnswers,
    exactMatchAgreement,
    krippendorffAlphaMasi,
    krippendorffAlphaJaccard,
    pairwiseMicroF1,
    perLabel: computePerLabelAgreement(index, { bootstrapSamples: samples, seed }),
    bootstrap: samples > 0 ? { samples, seed } : null,
  };
}

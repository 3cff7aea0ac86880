import { computeBootstrapCi, DEFAULT_BOOTSTRAP_SEED } from './bootstrap';
import { computePairwiseCohenKappa, type TCohenPair } from './cohen-kappa';
import { aggregateDawidSkene, type TDawidSkeneOptions } from './dawid-skene';
import { computeFleissKappa } from './fleiss-kappa';
import { computeGwetAC1 } from './gwet-ac1';
import { computeKrippendorffAlpha } from './krippendorff-alpha';
import type { TMetric, TMetricEstimate } from './metric';
import { computePercentAgreement } from './percent-agreement';
import { resolveRatingIndex, type TIndexOptions, type TRatingIndex, type TRatingsInput } from './ratings';

export type TAgreementReportOptions = TIndexOptions & {
  /** Bootstrap resamples for the 95% intervals; 0 (the default) skips them, since they cost one metric pass per resample. */
  bootstrapSamples?: number;
  seed?: number;
  dawidSkene?: Omit<TDawidSkeneOptions, 'categories'>;
};

/** A metric as printed: snake_case extras beside `value` and `ci95`, or `value: null` with the reason. */
export type TReportedEstimate = { value: number; ci95: [number, number] | null } & Record<string, number | [number, number] | null>;
export type TReportedMetric = TReportedEstimate | { value: null; reason: string };

export type TAgreementReport = {
  items: number;
  annotators: number;
  ratings: number;
  categories: string[];
  percent_agreement: TReportedMetric;
  cohen_kappa_pairwise: TCohenPair[];
  cohen_kappa_mean: TReportedMetric;
  fleiss_kappa: TReportedMetric;
  krippendorff_alpha: TReportedMetric;
  gwet_ac1: TReportedMetric;
  dawid_skene: {
    iterations: number;
    converged: boolean;
    log_likelihood: number;
    class_priors: Record<string, number>;
    annotators: { annotator: string; ratings: number; accuracy: number }[];
  };
  bootstrap: { samples: number; seed: number } | null;
};

/**
 * Every agreement number Quorum shows, from one index of the ratings, in the JSON shape the CLI
 * prints; the web UI can call this on ratings read from the database and show the same numbers.
 */
export function computeAgreementReport(input: TRatingsInput, options: TAgreementReportOptions = {}): TAgreementReport {
  const index = resolveRatingIndex(input, options);
  const samples = options.bootstrapSamples ?? 0;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const withInterval = <T extends TMetric>(metric: T, compute: (data: TRatingIndex) => TMetric): T => {
    if (samples === 0 || metric.value === null) return metric;
    return { ...metric, ci95: computeBootstrapCi(index, compute, { samples, seed }).ci95 };
  };

  const pairwise = computePairwiseCohenKappa(index);
  const dawidSkene = aggregateDawidSkene(index, options.dawidSkene);
  return {
    items: index.items.length,
    annotators: index.annotators.length,
    ratings: index.ratingCount,
    categories: [...index.categories],
    percent_agreement: toReported(withInterval(computePercentAgreement(index), computePercentAgreement)),
    cohen_kappa_pairwise: pairwise.pairs,
    cohen_kappa_mean: toReported(withInterval(pairwise.mean, (data) => computePairwiseCohenKappa(data).mean)),
    fleiss_kappa: toReported(withInterval(computeFleissKappa(index), computeFleissKappa)),
    krippendorff_alpha: toReported(withInterval(computeKrippendorffAlpha(index), computeKrippendorffAlpha)),
    gwet_ac1: toReported(withInterval(computeGwetAC1(index), computeGwetAC1)),
    dawid_skene: {
      iterations: dawidSkene.iterations,
      converged: dawidSkene.converged,
      log_likelihood: dawidSkene.logLikelihood,
      class_priors: Object.fromEntries(index.categories.map((category, k) => [category, dawidSkene.classPriors[k]!])),
      annotators: dawidSkene.annotatorQuality.map(({ annotator, ratings, accuracy }) => ({ annotator, ratings, accuracy })),
    },
    bootstrap: samples > 0 ? { samples, seed } : null,
  };
}

function toReported(metric: TMetric): TReportedMetric {
  if (metric.value === null) return { value: null, reason: metric.reason };
  const { value, ci95, ...extras } = metric as TMetricEstimate & Record<string, number>;
  const reported: TReportedEstimate = { value, ci95 };
  for (const [key, extra] of Object.entries(extras)) reported[toSnakeCase(key)] = extra;
  return reported;
}

function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

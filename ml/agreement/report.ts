import { computeBootstrapCis, DEFAULT_BOOTSTRAP_SEED, type TMetricFunction } from './bootstrap';
import { computePairwiseCohenKappa, type TCohenPair, type TPairwiseCohenKappa } from './cohen-kappa';
import { collapseRatingIndex, type TCollapsedRatings } from './collapse';
import { aggregateDawidSkene, type TDawidSkeneOptions, type TDawidSkeneResult } from './dawid-skene';
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

/** The report plus the fits behind it, for callers that need more than the printed numbers (the web UI's consensus labels). */
export type TAgreementAnalysis = {
  report: TAgreementReport;
  /** The ratings, one entry per item. */
  index: TRatingIndex;
  /** Items with identical ratings merged; dawidSkene and pairwise were computed on collapsed.index. */
  collapsed: TCollapsedRatings;
  /** Dawid–Skene on the patterns: the consensus of item i is dawidSkene.consensus[collapsed.patternOf[i]]. */
  dawidSkene: TDawidSkeneResult;
  pairwise: TPairwiseCohenKappa;
};

const INTERVAL_METRICS = {
  percent_agreement: computePercentAgreement,
  cohen_kappa_mean: (data: TRatingIndex) => computePairwiseCohenKappa(data).mean,
  fleiss_kappa: computeFleissKappa,
  krippendorff_alpha: computeKrippendorffAlpha,
  gwet_ac1: computeGwetAC1,
} satisfies Record<string, TMetricFunction>;
type TIntervalMetric = keyof typeof INTERVAL_METRICS;

/**
 * Every agreement number Quorum shows, from one index of the ratings, in the JSON shape the CLI
 * prints; the web UI calls this on ratings read from the database and shows the same numbers.
 */
export function computeAgreementReport(input: TRatingsInput, options: TAgreementReportOptions = {}): TAgreementReport {
  return analyzeAgreement(input, options).report;
}

/**
 * computeAgreementReport, keeping the fits. Everything runs on the collapsed ratings (items with
 * identical ratings merged into weighted patterns), which gives the same values as the item-level
 * data, so a million items cost what their few thousand distinct patterns cost. The bootstrap
 * evaluates every metric on the same resamples.
 */
export function analyzeAgreement(input: TRatingsInput, options: TAgreementReportOptions = {}): TAgreementAnalysis {
  const index = resolveRatingIndex(input, options);
  const collapsed = collapseRatingIndex(index);
  const data = collapsed.index;
  const samples = options.bootstrapSamples ?? 0;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;

  const pairwise = computePairwiseCohenKappa(data);
  const estimates: Record<TIntervalMetric, TMetric> = {
    percent_agreement: computePercentAgreement(data),
    cohen_kappa_mean: pairwise.mean,
    fleiss_kappa: computeFleissKappa(data),
    krippendorff_alpha: computeKrippendorffAlpha(data),
    gwet_ac1: computeGwetAC1(data),
  };
  // Intervals only for metrics defined on the full data: a resample cannot rescue an undefined one.
  const withInterval = (Object.keys(estimates) as TIntervalMetric[]).filter((name) => estimates[name].value !== null);
  if (samples > 0 && withInterval.length > 0) {
    const intervals = computeBootstrapCis(data, Object.fromEntries(withInterval.map((name) => [name, INTERVAL_METRICS[name]])), { samples, seed });
    for (const name of withInterval) estimates[name] = { ...estimates[name], ci95: intervals[name]!.ci95 } as TMetric;
  }

  const dawidSkene = aggregateDawidSkene(data, options.dawidSkene);
  const report: TAgreementReport = {
    items: index.items.length,
    annotators: index.annotators.length,
    ratings: index.ratingCount,
    categories: [...index.categories],
    percent_agreement: toReported(estimates.percent_agreement),
    cohen_kappa_pairwise: pairwise.pairs,
    cohen_kappa_mean: toReported(estimates.cohen_kappa_mean),
    fleiss_kappa: toReported(estimates.fleiss_kappa),
    krippendorff_alpha: toReported(estimates.krippendorff_alpha),
    gwet_ac1: toReported(estimates.gwet_ac1),
    dawid_skene: {
      iterations: dawidSkene.iterations,
      converged: dawidSkene.converged,
      log_likelihood: dawidSkene.logLikelihood,
      class_priors: Object.fromEntries(index.categories.map((category, k) => [category, dawidSkene.classPriors[k]!])),
      annotators: dawidSkene.annotatorQuality.map(({ annotator, ratings, accuracy }) => ({ annotator, ratings, accuracy })),
    },
    bootstrap: samples > 0 ? { samples, seed } : null,
  };
  return { report, index, collapsed, dawidSkene, pairwise };
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

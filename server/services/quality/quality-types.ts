import type { TAgreementReport, TReportedMetric } from '@/ml/agreement';
import type { TMultilabelAgreementReport } from '@/ml/multilabel/multilabel-agreement-report';
import type { TSpanAgreementReport } from '@/ml/spans/span-agreement-report';

/** Bumped when the stored shape changes; a snapshot of another version is recomputed, never misread. */
export const QUALITY_SNAPSHOT_VERSION = 2;

export type TInterval = [number, number];

/** A proportion with its Wilson interval, or null when there was nothing to count. */
export type TProportion = { value: number; ci95: TInterval | null; n: number } | null;

export type TAnnotatorFlag = {
  /** Which comparison flagged the annotator. */
  basis: 'gold' | 'consensus';
  value: number;
  upper95: number;
  peerMedian: number;
  reason: string;
};

export type TAnnotatorQualityRow = {
  userId: string;
  /** The name used for this annotator in the ratings (and the CLI's output): display name, numbered if two share it. */
  annotator: string;
  labels: number;
  /** Labels a reviewer rejected. */
  rejected: number;
  goldAccuracy: TProportion;
  /** Share of their labels (on items others also labeled) equal to the Dawid–Skene consensus of the other annotators' labels. */
  consensusAgreement: TProportion;
  /** Dawid–Skene estimate of the share of their labels that are right: the CLI's dawid_skene accuracy. */
  estimatedAccuracy: number | null;
  /** Mean Cohen's kappa with each other annotator, weighted by items in common. */
  peerKappa: { value: number; peers: number; sharedItems: number } | null;
  activeDays: number;
  /** Labels per hour of labeling time (lead times summed, capped per label). */
  labelsPerHour: number | null;
  medianLeadTimeMs: number | null;
  timeSpentMs: number;
  flag: TAnnotatorFlag | null;
};

export type TAgreementOverTimePoint = {
  /** First day of the period, YYYY-MM-DD (UTC). */
  start: string;
  /** Items whose last annotation fell in the period and that have two or more annotations. */
  items: number;
  alpha: TReportedMetric;
  percentAgreement: number | null;
};

export type TLabelDistributionRow = {
  labelId: number;
  label: string;
  color: string;
  annotations: number;
  /** Items whose final label is this one, by who decided it. */
  final: { review: number; consensus: number; single: number; gold: number };
  gold: number;
};

export type TDailyActivityRow = { day: string; annotator: string; labels: number; timeSpentMs: number };

export type TConsensusSummary = {
  /** Items with at least one annotation. */
  itemsRated: number;
  /** Items whose final label the consensus step wrote or confirmed (no reviewer decision, annotation phase complete). */
  itemsLabeled: number;
  /** Items whose final label changed in this refresh. */
  itemsChanged: number;
  /** Annotated items whose consensus posterior is below LOW_CONFIDENCE_POSTERIOR. */
  lowConfidence: number;
};

export type TQualitySnapshot = {
  version: typeof QUALITY_SNAPSHOT_VERSION;
  computedAt: string;
  durationMs: number;
  annotationCount: number;
  /** The exact `npx quorum agreement` call that reproduces `agreement` from the downloadable ratings. */
  cli: { categories: string[]; bootstrap: number; seed: number };
  /** What `npx quorum agreement` prints for these ratings, number for number. */
  agreement: TAgreementReport;
  annotators: TAnnotatorQualityRow[];
  agreementOverTime: { period: 'day' | 'week' | 'month'; points: TAgreementOverTimePoint[] };
  labelDistribution: TLabelDistributionRow[];
  /** One row per UTC day and annotator with any label, for the last ACTIVITY_DAYS days. */
  dailyActivity: TDailyActivityRow[];
  consensus: TConsensusSummary;
  /**
   * Multi-label projects: agreement over the annotators' label sets (absent in other projects and older
   * snapshots); `npx quorum agreement` on the ratings download prints it (agreement-cli-options.ts).
   */
  multiLabel?: TMultilabelAgreementReport | null;
  /**
   * Spans projects: span F1, token-level and unitizing agreement (absent in other projects and older
   * snapshots); `npx quorum agreement` on the ratings download prints it (agreement-cli-options.ts).
   */
  spans?: TSpanAgreementReport | null;
};

export const LOW_CONFIDENCE_POSTERIOR = 0.8;
export const ACTIVITY_DAYS = 120;
/** A lead time longer than this is a tab left open; for time spent it counts as this much. */
export const MAX_COUNTED_LEAD_TIME_MS = 10 * 60 * 1000;

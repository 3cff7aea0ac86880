/**
 * What a span version stores under `model_versions.metrics.spans` (the evaluation set scored by the
 * tagger and by the dictionary baseline), and under `metrics.preannotation` what annotators kept of
 * its suggestions. Its own module so model-versions.ts and the formatting share it without a cycle.
 */
export type TSpanLabelVersionMetrics = {
  labelId: number;
  label: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Gold spans of the label, the model's, and the exact matches. */
  gold: number;
  predicted: number;
  correct: number;
};

export type TSpanVersionMetrics = {
  /** Exact spans (start, end, label), pooled over the evaluation items. */
  exact: { precision: number | null; recall: number | null; f1: number | null; predicted: number; gold: number; correct: number };
  /** Token-overlap credit (the inter-annotator span F1's partial definition). */
  partialF1: number | null;
  /** IO tags, micro over entity tokens. */
  token: { precision: number | null; recall: number | null; f1: number | null };
  perLabel: TSpanLabelVersionMetrics[];
  /** The training spans as a dictionary, tagged wherever they recur: the figure to beat. */
  baseline: { kind: 'dictionary'; exactF1: number | null; partialF1: number | null; tokenF1: number | null };
  /** Token rows trained on, and training spans BIO could not hold (overlapping ones) or of archived labels. */
  trainTokens: number;
  skippedSpans: number;
};

/**
 * Pre-annotation acceptance: of the suggested spans shown to annotators (those at or above the
 * confidence cut), the share their submitted answers kept exactly.
 */
export type TPreannotationAcceptance = {
  suggested: number;
  kept: number;
  /** kept / suggested; null before any suggestion was answered. */
  rate: number | null;
  /** Answers given to items whose suggestions were shown. */
  answers: number;
  minConfidence: number;
  measuredAt: string;
};

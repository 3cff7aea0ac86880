import type { TPreannotationAcceptance, TSpanVersionMetrics } from './span-version-metrics';

// What a version row's `metrics` holds, for every task type: types only, so the modules that write
// them (format-*-metrics.ts) and the one that reads them (model-versions.ts) need not import each other.

export type TMetric = { value: number; ci95: [number, number] };

export type TClassMetrics = {
  labelId: number;
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
  ci95: { precision: [number, number]; recall: [number, number]; f1: [number, number] };
};

/** What `model_versions.metrics` holds; the quality report reads accuracy/macroF1 `.value` and `.ci95`. */
export type TVersionMetrics = {
  /** Evaluation items scored (the same as evalSize; `n` as in evaluateClassifier). */
  n: number;
  evalSize: number;
  evalSources: { human: number; gold: number };
  /** Identifies the evaluation items used: equal hashes mean directly comparable figures. */
  evalSetHash: string | null;
  accuracy: TMetric | null;
  macroF1: TMetric | null;
  ece: (TMetric & { bins: { lower: number; upper: number; count: number; accuracy: number | null; meanConfidence: number | null }[] }) | null;
  perClass: TClassMetrics[];
  /** Rows true class, columns predicted, in `classes` order. */
  confusion: number[][] | null;
  classes: { id: number; name: string }[];
  /** Always answering the evaluation set's commonest label; absent on versions stored before the guard. */
  baseline?: { labelId: number; label: string; accuracy: number } | null;
  /** False: no better than the baseline, so the version never orders the queue unless pinned. */
  beatsBaseline?: boolean | null;
  /** Temperature scaling fitted on held-out predictions of the training labels, with ECE on the evaluation set before and after. */
  calibration?: { temperature: number; fitSize: number; eceBefore: number; eceAfter: number } | null;
  /** A span version's figures (the classifier fields above are then empty). */
  spans?: TSpanVersionMetrics | null;
  /** A span version's suggestions as annotators answered them (measured before each training). */
  preannotation?: TPreannotationAcceptance | null;
};

/**
 * What `model_versions.metrics` holds for a multi-label version: the single-label shape where the
 * meaning is the same (macro-F1, per-label precision/recall/F1 in `perClass`, the evaluation set,
 * `beatsBaseline`), null where it has none (accuracy, ECE, confusion matrix, the majority-class
 * baseline), and the multi-label figures beside them.
 */
export type TMultilabelVersionMetrics = TVersionMetrics & {
  task: 'multi_label';
  /** Pooled over every (item, label) cell, with its 95% bootstrap interval. */
  microF1: TMetric | null;
  microPrecision: number | null;
  microRecall: number | null;
  /** Share of items whose predicted set is exactly the true one. */
  subsetAccuracy: number | null;
  /** Share of (item, label) cells predicted wrong. */
  hammingLoss: number | null;
  /** The constant answer to beat (the better of each label's majority presence and the commonest set). */
  setBaseline: { kind: 'label_majority' | 'most_frequent_set'; labels: { id: number; name: string }[]; microF1: number; macroF1: number } | null;
  /** Per label: the threshold its probability must reach (tuned out of fold, or the default 0.5) and its temperature. */
  thresholds: { labelId: number; label: string; threshold: number; source: 'tuned' | 'default'; temperature: number }[];
  /** Evaluation items whose true set is "none of these". */
  evalEmptySets: number;
};

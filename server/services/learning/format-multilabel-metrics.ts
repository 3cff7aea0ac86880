import type { TMultilabelEvaluation } from '@/ml/multilabel/evaluate-multilabel-model';
import type { TMultilabelModelMetadata } from '@/ml/multilabel/train-multilabel-classifier';
import type { TProjectLabel } from '@/server/services/projects/projects';
import type { TMetric, TVersionMetrics } from './model-versions';
import { hashEvalItems, type TMultilabelEvalData } from './multilabel-training-data';

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

export function isMultilabelVersionMetrics(metrics: unknown): metrics is TMultilabelVersionMetrics {
  return typeof metrics === 'object' && metrics !== null && (metrics as { task?: unknown }).task === 'multi_label';
}

/** A multi-label version's evaluation as the version row stores it, labelled with the project's labels. */
export function formatMultilabelMetrics(
  evaluation: TMultilabelEvaluation | null,
  metadata: TMultilabelModelMetadata,
  labels: readonly TProjectLabel[],
  evalData: TMultilabelEvalData,
): TMultilabelVersionMetrics {
  const named = labels.map((label) => ({ id: label.id, name: label.name }));
  const base = {
    task: 'multi_label' as const,
    n: evalData.itemIds.length,
    evalSize: evalData.itemIds.length,
    evalSources: { human: evalData.human, gold: evalData.gold },
    evalSetHash: hashEvalItems(evalData.itemIds),
    evalEmptySets: evalData.emptySets,
    classes: named,
    accuracy: null,
    ece: null,
    confusion: null,
    baseline: null,
    calibration: null,
    thresholds: labels.map((label, l) => ({
      labelId: label.id,
      label: label.name,
      threshold: metadata.thresholds[l]!,
      source: metadata.thresholdSources[l]!,
      temperature: metadata.temperatures[l]!,
    })),
  };
  if (!evaluation) {
    return { ...base, macroF1: null, perClass: [], beatsBaseline: null, microF1: null, microPrecision: null, microRecall: null, subsetAccuracy: null, hammingLoss: null, setBaseline: null };
  }
  return {
    ...base,
    microF1: toMetric(evaluation.microF1),
    macroF1: toMetric(evaluation.macroF1),
    microPrecision: evaluation.microPrecision,
    microRecall: evaluation.microRecall,
    subsetAccuracy: evaluation.subsetAccuracy,
    hammingLoss: evaluation.hammingLoss,
    perClass: evaluation.perLabel.map((metrics, l) => ({
      labelId: labels[l]!.id,
      label: labels[l]!.name,
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      support: metrics.support,
      predicted: metrics.predicted,
      ci95: evaluation.perLabelIntervals[l]!,
    })),
    setBaseline: {
      kind: evaluation.baseline.kind,
      labels: evaluation.baseline.labels.map((l) => named[l]!),
      microF1: evaluation.baseline.microF1,
      macroF1: evaluation.baseline.macroF1,
    },
    beatsBaseline: evaluation.beatsBaseline,
  };
}

/** NaN (macro-F1 with no label present anywhere) has no JSON form: no metric rather than a wrong one. */
function toMetric(estimate: { value: number; ci95: [number, number] }): TMetric | null {
  return Number.isFinite(estimate.value) ? { value: estimate.value, ci95: estimate.ci95 } : null;
}

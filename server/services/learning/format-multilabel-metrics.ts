import type { TMultilabelEvaluation } from '@/ml/multilabel/evaluate-multilabel-model';
import type { TMultilabelModelMetadata } from '@/ml/multilabel/train-multilabel-classifier';
import type { TProjectLabel } from '@/server/services/projects/projects';
import type { TMetric, TMultilabelVersionMetrics } from './version-metrics';
import { hashEvalItems, type TMultilabelEvalData } from './multilabel-training-data';

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

import { createHash } from 'node:crypto';
import type { ModelEvaluation } from '@/ml/pipeline/evaluate-model';
import type { TProjectLabel } from '@/server/services/projects/projects';
import type { TVersionMetrics } from './version-metrics';
import type { TEvalData } from './training-data';

/** A version's evaluation as the version row stores it, labelled with the project's classes. */
export function formatMetrics(evaluation: ModelEvaluation | null, classes: TProjectLabel[], evalData: TEvalData): TVersionMetrics {
  const evalSetHash = evalData.itemIds.length > 0 ? createHash('sha1').update(evalData.itemIds.join(',')).digest('hex').slice(0, 16) : null;
  const base = { n: evalData.labels.length, evalSize: evalData.labels.length, evalSources: { human: evalData.human, gold: evalData.gold }, evalSetHash, classes: classes.map((c) => ({ id: c.id, name: c.name })) };
  if (!evaluation) return { ...base, accuracy: null, macroF1: null, ece: null, perClass: [], confusion: null, baseline: null, beatsBaseline: null, calibration: null };
  const majority = evaluation.majorityBaseline;
  const calibration = evaluation.calibration;
  return {
    ...base,
    accuracy: evaluation.accuracy,
    macroF1: evaluation.macroF1,
    ece: {
      value: evaluation.ece.value,
      ci95: evaluation.ece.ci95,
      bins: evaluation.ece.bins.map((bin) => ({ ...bin, accuracy: finiteOrNull(bin.accuracy), meanConfidence: finiteOrNull(bin.meanConfidence) })),
    },
    perClass: evaluation.perClass.map((metrics, c) => ({
      labelId: classes[c]!.id,
      label: classes[c]!.name,
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      support: metrics.support,
      predicted: metrics.predicted,
      ci95: evaluation.perClassIntervals[c]!,
    })),
    confusion: evaluation.confusion,
    baseline: Number.isFinite(majority.accuracy) ? { labelId: classes[majority.classIndex]!.id, label: classes[majority.classIndex]!.name, accuracy: majority.accuracy } : null,
    beatsBaseline: evaluation.beatsBaseline,
    calibration: calibration ? { temperature: calibration.temperature, fitSize: calibration.fitSize, eceBefore: calibration.eceBefore, eceAfter: calibration.eceAfter } : null,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

import { createHash } from 'node:crypto';
import type { TSpanTaggerEvaluation } from '@/ml/spans/evaluate-span-tagger';
import type { TProjectLabel } from '@/server/services/projects/projects';
import type { TVersionMetrics } from './version-metrics';
import type { TSpanEvalData } from './span-training-data';

/**
 * A span version's evaluation as the version row stores it: the classifier fields stay empty (no
 * accuracy of one label per item), `spans` holds the span figures, and `beatsBaseline` compares
 * exact span F1 with the dictionary baseline's, so a version no better than looking the training
 * spans up never orders the queue (getCurrentModelVersion), as with the text models.
 */
export function formatSpanMetrics(
  evaluation: TSpanTaggerEvaluation | null,
  labels: readonly TProjectLabel[],
  evalData: TSpanEvalData,
  training: { tokens: number; skippedSpans: number },
): TVersionMetrics {
  const evalSetHash = evalData.itemIds.length > 0 ? createHash('sha1').update(evalData.itemIds.join(',')).digest('hex').slice(0, 16) : null;
  const names = new Map(labels.map((label) => [label.id, label.name]));
  const base: TVersionMetrics = {
    n: evalData.texts.length,
    evalSize: evalData.texts.length,
    evalSources: { human: evalData.human, gold: evalData.gold },
    evalSetHash,
    accuracy: null,
    macroF1: null,
    ece: null,
    perClass: [],
    confusion: null,
    classes: labels.map((label) => ({ id: label.id, name: label.name })),
    baseline: null,
    beatsBaseline: null,
    calibration: null,
    spans: null,
  };
  if (!evaluation) return base;
  const { model, baseline } = evaluation;
  return {
    ...base,
    beatsBaseline: evaluation.beatsBaseline,
    spans: {
      exact: model.exact,
      partialF1: model.partialF1,
      token: model.token,
      perLabel: model.perLabel.map((entry) => ({ ...entry, label: names.get(entry.labelId) ?? `label ${entry.labelId}` })),
      baseline: { kind: 'dictionary', exactF1: baseline.exact.f1, partialF1: baseline.partialF1, tokenF1: baseline.token.f1 },
      trainTokens: training.tokens,
      skippedSpans: training.skippedSpans,
    },
  };
}

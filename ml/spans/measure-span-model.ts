import { computeSpanF1 } from './compute-span-f1';
import { evaluateSpanPredictions, type TPrecisionRecall } from './evaluate-span-predictions';
import type { TSpan, TToken } from './span-types';

export type TSpanLabelMetrics = TPrecisionRecall & { labelId: number; gold: number; predicted: number; correct: number };

/** A span model's predictions against gold spans, as the version row and the simulator report them. */
export type TSpanModelMetrics = {
  items: number;
  /** Exact spans (start, end and label), pooled over items: conlleval's phrase-level figure. */
  exact: TPrecisionRecall & { predicted: number; gold: number; correct: number };
  /**
   * Token-overlap credit (computeSpanF1's partial F1 with gold and the model as the two annotators):
   * a name found one word short earns part of its credit instead of none. Null when neither side has a span.
   */
  partialF1: number | null;
  /** Tokens in IO tags, micro over entity tokens. */
  token: TPrecisionRecall;
  /** Exact spans per label, in `labelIds` order. */
  perLabel: TSpanLabelMetrics[];
};

export type TSpanPrediction = { tokens: readonly TToken[]; gold: readonly TSpan[]; predicted: readonly TSpan[] };

/**
 * Exact and partial span F1, token F1 and per-label exact precision, recall and F1. Partial F1 is
 * the inter-annotator span F1's definition (compute-span-f1.ts), so a model's figure reads on the
 * same scale as two annotators'.
 */
export function measureSpanModel(items: readonly TSpanPrediction[], labelIds: readonly number[]): TSpanModelMetrics {
  const { span, token } = evaluateSpanPredictions(items);
  const partial = computeSpanF1(
    items.map((item, i) => ({
      item: String(i),
      tokens: item.tokens,
      annotations: [
        { annotator: 'gold', spans: item.gold },
        { annotator: 'model', spans: item.predicted },
      ],
    })),
  ).partial.value;
  const tallies = new Map(labelIds.map((labelId) => [labelId, { labelId, gold: 0, predicted: 0, correct: 0 }]));
  const key = (s: TSpan) => `${s.start}:${s.end}:${s.labelId}`;
  for (const item of items) {
    const gold = new Map(item.gold.map((s) => [key(s), s.labelId]));
    const predicted = new Map(item.predicted.map((s) => [key(s), s.labelId]));
    for (const labelId of gold.values()) if (tallies.has(labelId)) tallies.get(labelId)!.gold++;
    for (const [k, labelId] of predicted) {
      const tally = tallies.get(labelId);
      if (!tally) continue;
      tally.predicted++;
      if (gold.has(k)) tally.correct++;
    }
  }
  return {
    items: items.length,
    exact: span,
    partialF1: partial,
    token,
    perLabel: [...tallies.values()].map((tally) => ({
      ...tally,
      precision: tally.predicted > 0 ? tally.correct / tally.predicted : null,
      recall: tally.gold > 0 ? tally.correct / tally.gold : null,
      f1: tally.predicted + tally.gold > 0 ? (2 * tally.correct) / (tally.predicted + tally.gold) : null,
    })),
  };
}

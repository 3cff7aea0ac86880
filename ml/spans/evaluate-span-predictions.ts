import { labelTokens, OUTSIDE_TAG } from './label-tokens';
import type { TSpan, TToken } from './span-types';

export type TPrecisionRecall = { precision: number | null; recall: number | null; f1: number | null };
export type TSpanEvaluation = {
  /** Exact spans (same start, end, label), pooled over items: conlleval's phrase-level F1. */
  span: TPrecisionRecall & { predicted: number; gold: number; correct: number };
  /** Tokens in IO tags, pooled: a token counts when predicted and gold give it the same label other than O. */
  token: TPrecisionRecall;
};

function computePrecisionRecall(correct: number, predicted: number, gold: number): TPrecisionRecall {
  const precision = predicted > 0 ? correct / predicted : null;
  const recall = gold > 0 ? correct / gold : null;
  const f1 = predicted + gold > 0 ? (2 * correct) / (predicted + gold) : null;
  return { precision, recall, f1 };
}

/**
 * Predicted spans against gold spans, item by item (micro-averaged). Span level: exact match.
 * Token level: each token's IO tag (labelTokens), precision over tokens predicted inside some span,
 * recall over tokens gold puts inside one. Duplicated spans count once.
 */
export function evaluateSpanPredictions(items: readonly { tokens: readonly TToken[]; gold: readonly TSpan[]; predicted: readonly TSpan[] }[]): TSpanEvaluation {
  let spanCorrect = 0;
  let spanPredicted = 0;
  let spanGold = 0;
  let tokenCorrect = 0;
  let tokenPredicted = 0;
  let tokenGold = 0;
  for (const { tokens, gold, predicted } of items) {
    const key = (span: TSpan) => `${span.start}:${span.end}:${span.labelId}`;
    const goldKeys = new Set(gold.map(key));
    const predictedKeys = new Set(predicted.map(key));
    spanGold += goldKeys.size;
    spanPredicted += predictedKeys.size;
    for (const k of predictedKeys) if (goldKeys.has(k)) spanCorrect++;
    const goldTags = labelTokens(tokens, gold, 'io');
    const predictedTags = labelTokens(tokens, predicted, 'io');
    goldTags.forEach((tag, t) => {
      if (tag !== OUTSIDE_TAG) tokenGold++;
      if (predictedTags[t] !== OUTSIDE_TAG) tokenPredicted++;
      if (tag !== OUTSIDE_TAG && predictedTags[t] === tag) tokenCorrect++;
    });
  }
  return {
    span: { ...computePrecisionRecall(spanCorrect, spanPredicted, spanGold), predicted: spanPredicted, gold: spanGold, correct: spanCorrect },
    token: computePrecisionRecall(tokenCorrect, tokenPredicted, tokenGold),
  };
}

import { scoreEntropy } from '../sampling/entropy';
import { scoreLeastConfidence } from '../sampling/least-confidence';
import { scoreMargin } from '../sampling/margin';

/**
 * How per-token uncertainty becomes one score per item: 'max' (the least sure token: an item is
 * worth labeling if any mention is in doubt), 'mean' (over the item's tokens) or 'sum' (total
 * uncertainty, which favours long items).
 */
export type TSpanUncertaintyAggregate = 'max' | 'mean' | 'sum';

/**
 * How one token's BIO distribution counts as uncertain, by the project's strategy: least confidence
 * 1 − p1, margin 1 − (p1 − p2), entropy −Σ p log p. Each is ≥ 0, so a sum or mean over tokens ranks
 * items the way the measure ranks tokens.
 */
export type TTokenUncertainty = 'least_confidence' | 'margin' | 'entropy';

/**
 * Measured on the synthetic WordNet NER corpus (bench/results/spans.json figure d, `--aggregates`,
 * 2 runs, batches of 50), labels and tokens read to reach 95% of the full-data span F1: random 475
 * items / 9,636 tokens, max 275 / 7,149, mean 275 / 5,127, sum 200 / 7,078. Max is dominated by
 * both others; mean reads the fewest tokens (what an annotator's time follows in span labeling)
 * and sum needs the fewest items. Mean is the default; a project paying per item may prefer sum.
 * With mean, the product's simulator (figure c) needs 300 items for least confidence and entropy,
 * 350 for margin, 400 for random.
 */
export const DEFAULT_SPAN_UNCERTAINTY_AGGREGATE: TSpanUncertaintyAggregate = 'mean';

/**
 * Active-learning score per item in ml/sampling's convention (higher = label first): token
 * uncertainty is least confidence, 1 − max_c p(c), over the BIO classes, aggregated per item.
 * `items[i]` is a tokens × classes probability matrix (predictSpans' probs). An item without
 * tokens scores 0: there is nothing to label in it.
 */
export function scoreSpanUncertainty(items: readonly Float32Array[], numClasses: number, aggregate: TSpanUncertaintyAggregate = DEFAULT_SPAN_UNCERTAINTY_AGGREGATE): Float32Array {
  return scoreSpanTokens(items, numClasses, { measure: 'least_confidence', aggregate });
}

/** The same with the token measure chosen: the project's sampling strategy applied token by token. */
export function scoreSpanTokens(
  items: readonly Float32Array[],
  numClasses: number,
  { measure, aggregate = DEFAULT_SPAN_UNCERTAINTY_AGGREGATE }: { measure: TTokenUncertainty; aggregate?: TSpanUncertaintyAggregate },
): Float32Array {
  const scores = new Float32Array(items.length);
  items.forEach((probs, i) => {
    if (probs.length % numClasses !== 0) throw new RangeError(`item ${i} holds ${probs.length} probabilities, not a multiple of ${numClasses}`);
    const tokens = probs.length / numClasses;
    if (tokens === 0) return;
    const perToken = measureTokens(probs, numClasses, measure);
    let max = 0;
    let sum = 0;
    for (const uncertainty of perToken) {
      max = Math.max(max, uncertainty);
      sum += uncertainty;
    }
    scores[i] = aggregate === 'max' ? max : aggregate === 'mean' ? sum / tokens : sum;
  });
  return scores;
}

function measureTokens(probs: Float32Array, numClasses: number, measure: TTokenUncertainty): Float32Array {
  if (measure === 'least_confidence') return scoreLeastConfidence(probs, numClasses);
  if (measure === 'entropy') return scoreEntropy(probs, numClasses);
  // scoreMargin is −(p1 − p2) ∈ [−1, 0]: shifted to 1 − (p1 − p2) so it sums like the others.
  return scoreMargin(probs, numClasses).map((score) => 1 + score);
}

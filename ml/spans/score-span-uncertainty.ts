/**
 * How per-token uncertainty becomes one score per item: 'max' (the least sure token: an item is
 * worth labeling if any mention is in doubt), 'mean' (over the item's tokens) or 'sum' (total
 * uncertainty, which favours long items). Measured on the synthetic corpus in bench/results/spans.json.
 */
export type TSpanUncertaintyAggregate = 'max' | 'mean' | 'sum';

export const DEFAULT_SPAN_UNCERTAINTY_AGGREGATE: TSpanUncertaintyAggregate = 'max';

/**
 * Active-learning score per item in ml/sampling's convention (higher = label first): token
 * uncertainty is least confidence, 1 − max_c p(c), over the BIO classes, aggregated per item.
 * `items[i]` is a tokens × classes probability matrix (predictSpans' probs). An item without
 * tokens scores 0: there is nothing to label in it.
 */
export function scoreSpanUncertainty(items: readonly Float32Array[], numClasses: number, aggregate: TSpanUncertaintyAggregate = DEFAULT_SPAN_UNCERTAINTY_AGGREGATE): Float32Array {
  const scores = new Float32Array(items.length);
  items.forEach((probs, i) => {
    if (probs.length % numClasses !== 0) throw new RangeError(`item ${i} holds ${probs.length} probabilities, not a multiple of ${numClasses}`);
    const tokens = probs.length / numClasses;
    let max = 0;
    let sum = 0;
    for (let t = 0; t < tokens; t++) {
      let top = 0;
      for (let c = 0; c < numClasses; c++) top = Math.max(top, probs[t * numClasses + c]!);
      const uncertainty = 1 - top;
      max = Math.max(max, uncertainty);
      sum += uncertainty;
    }
    scores[i] = tokens === 0 ? 0 : aggregate === 'max' ? max : aggregate === 'mean' ? sum / tokens : sum;
  });
  return scores;
}

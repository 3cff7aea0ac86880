/**
 * The predicted set of each row: the labels whose probability reaches their threshold
 * (p ≥ t). A row with no label over its threshold is the empty set, the model's "none of these".
 * Returns the n×L 0/1 matrix (see decodeLabelSets for lists).
 */
export function applyLabelThresholds(probs: ArrayLike<number>, thresholds: ArrayLike<number>): Uint8Array {
  const numLabels = thresholds.length;
  if (numLabels < 1 || probs.length % numLabels !== 0) throw new RangeError(`${probs.length} probabilities are not n×${numLabels}`);
  const predicted = new Uint8Array(probs.length);
  for (let p = 0; p < probs.length; p++) predicted[p] = probs[p]! >= thresholds[p % numLabels]! ? 1 : 0;
  return predicted;
}

import { countRows } from './probability-rows';

/**
 * −(p1 − p2): a small gap between the two most likely classes means the item sits
 * near a decision boundary. The most robust default in published comparisons.
 */
export function scoreMargin(probs: Float32Array, numClasses: number): Float32Array {
  const n = countRows(probs, numClasses);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let first = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[i * numClasses + c]!;
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) {
        second = p;
      }
    }
    // With one class there is no runner-up: treat it as p2 = 0.
    scores[i] = -(first - (numClasses > 1 ? second : 0));
  }
  return scores;
}

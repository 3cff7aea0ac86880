import { countRows } from './probability-rows';

/** 1 − p1: how unsure the model is of its own top guess. Higher = query first. */
export function scoreLeastConfidence(probs: Float32Array, numClasses: number): Float32Array {
  const n = countRows(probs, numClasses);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let top = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numClasses; c++) top = Math.max(top, probs[i * numClasses + c]!);
    scores[i] = 1 - top;
  }
  return scores;
}

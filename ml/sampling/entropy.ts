import { computeRowEntropy, countRows } from './probability-rows';

/** −Σ p log p over the predicted distribution (nats). */
export function scoreEntropy(probs: Float32Array, numClasses: number): Float32Array {
  const n = countRows(probs, numClasses);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) scores[i] = computeRowEntropy(probs, numClasses, i);
  return scores;
}

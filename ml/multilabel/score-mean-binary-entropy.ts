import { countRows } from '../sampling/probability-rows';

/**
 * Mean over labels of the binary entropy −p log p − (1 − p) log(1 − p) (nats): high when many
 * labels sit near 0.5. Higher = query first, like every score in ml/sampling. It ignores the
 * tuned thresholds: a label with threshold 0.2 is most uncertain at 0.5 here (see
 * scoreThresholdProximity for the threshold-aware score).
 */
export function scoreMeanBinaryEntropy(probs: Float32Array, numLabels: number): Float32Array {
  const n = countRows(probs, numLabels);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let l = 0; l < numLabels; l++) {
      const p = probs[i * numLabels + l]!;
      if (p > 0 && p < 1) sum -= p * Math.log(p) + (1 - p) * Math.log(1 - p);
    }
    scores[i] = sum / numLabels;
  }
  return scores;
}

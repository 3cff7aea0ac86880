import { fitTemperature } from '../metrics/temperature-scaling';

/** Fewer positives or negatives than this in the held-out data and a label keeps T = 1. */
export const MIN_CALIBRATION_CLASS_SIZE = 5;

/**
 * One temperature per label (Guo et al. 2017, applied to each sigmoid): T_ℓ minimises the
 * held-out binary NLL of sigmoid(z/T_ℓ). A sigmoid is a two-class softmax over (0, z), so this is
 * ml/metrics' fitTemperature on the rows (1 − p, p). T never moves a probability across 0.5 or
 * changes a label's ranking, only how sure the numbers sound; a label with too few held-out
 * positives or negatives to say keeps T = 1.
 *
 * `logits` is n×L, computed from models that did not see the row (out-of-fold).
 */
export function fitLabelTemperatures(logits: Float64Array, targets: Uint8Array, numLabels: number): Float64Array {
  const n = targets.length / numLabels;
  if (logits.length !== targets.length || !Number.isInteger(n)) throw new RangeError('logits and targets must both be n×L');
  const temperatures = new Float64Array(numLabels).fill(1);
  const twoClass = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let label = 0; label < numLabels; label++) {
    let positives = 0;
    for (let i = 0; i < n; i++) {
      const z = logits[i * numLabels + label]!;
      // Both complements from the logit, so neither rounds to 0 in float64 before |z| ≈ 700.
      twoClass[i * 2] = 1 / (1 + Math.exp(z));
      twoClass[i * 2 + 1] = 1 / (1 + Math.exp(-z));
      positives += y[i] = targets[i * numLabels + label]!;
    }
    if (positives < MIN_CALIBRATION_CLASS_SIZE || n - positives < MIN_CALIBRATION_CLASS_SIZE) continue;
    temperatures[label] = fitTemperature(twoClass, y, 2);
  }
  return temperatures;
}

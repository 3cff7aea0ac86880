import { countRows } from '../sampling/probability-rows';

/**
 * −min over labels of |p_ℓ − t_ℓ|: the item with one label closest to flipping in or out of the
 * predicted set comes first (higher = query first, as in ml/sampling; the multi-label analogue of
 * margin). Distances are in probability, with each label's own tuned threshold t_ℓ.
 */
export function scoreThresholdProximity(probs: Float32Array, numLabels: number, thresholds: ArrayLike<number>): Float32Array {
  const n = countRows(probs, numLabels);
  if (thresholds.length !== numLabels) throw new RangeError(`${thresholds.length} thresholds for ${numLabels} labels`);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let closest = Number.POSITIVE_INFINITY;
    for (let l = 0; l < numLabels; l++) closest = Math.min(closest, Math.abs(probs[i * numLabels + l]! - thresholds[l]!));
    scores[i] = -closest;
  }
  return scores;
}

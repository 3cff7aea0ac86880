import type { TPredictionReader } from './rescore-pool';

/** What `predictions.value` holds for a multi-label version: the predicted set and every label's probability. */
export type TLabelSetPrediction = {
  /** Project label ids whose probability reaches their threshold, ascending; empty is the model's "none of these". */
  labelIds: number[];
  /** Label id → calibrated probability (rounded to 4 decimals), every label of the version. */
  probabilities: Record<string, number>;
};

/**
 * The stored prediction of a multi-label version for one row of n×L probabilities: `value` is the
 * predicted set with the probabilities (TLabelSetPrediction), `label_id` stays null (no one label is
 * the answer, so no "model disagrees" flag compares it with a human label), and `score` is the
 * model's probability of exactly that set, Π p (chosen) · Π (1 − p) (left out), the labels being
 * independent sigmoids: how sure it is of the whole answer.
 */
export function createLabelSetPredictionReader(labelIds: readonly number[], thresholds: readonly number[]): TPredictionReader {
  const numLabels = labelIds.length;
  if (thresholds.length !== numLabels) throw new RangeError(`${thresholds.length} thresholds for ${numLabels} labels`);
  return (probs, r) => {
    const chosen: number[] = [];
    const probabilities: Record<string, number> = {};
    let setProbability = 1;
    for (let l = 0; l < numLabels; l++) {
      const p = probs[r * numLabels + l]!;
      probabilities[String(labelIds[l]!)] = Math.round(p * 10_000) / 10_000;
      if (p >= thresholds[l]!) {
        chosen.push(labelIds[l]!);
        setProbability *= p;
      } else {
        setProbability *= 1 - p;
      }
    }
    const value: TLabelSetPrediction = { labelIds: chosen.sort((a, b) => a - b), probabilities };
    return { labelId: null, score: setProbability, value };
  };
}

/** Reads a stored multi-label prediction back; null when `value` is not one (an imported set without probabilities has labelIds only). */
export function readLabelSetPrediction(value: unknown): { labelIds: number[]; probabilities: Record<string, number> | null } | null {
  if (typeof value !== 'object' || value === null || !('labelIds' in value) || !Array.isArray(value.labelIds)) return null;
  const labelIds = value.labelIds.filter((id): id is number => Number.isInteger(id));
  const raw = 'probabilities' in value ? value.probabilities : null;
  const probabilities =
    typeof raw === 'object' && raw !== null ? Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, number] => typeof entry[1] === 'number')) : null;
  return { labelIds, probabilities };
}

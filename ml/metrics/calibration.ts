export type CalibrationBin = {
  /** Confidences in [lower, upper); the last bin also takes 1.0. */
  lower: number;
  upper: number;
  count: number;
  /** NaN for an empty bin. */
  accuracy: number;
  meanConfidence: number;
};

export type Calibration = { ece: number; bins: CalibrationBin[] };

export const DEFAULT_CALIBRATION_BINS = 10;

/**
 * Expected calibration error (Guo et al. 2017) over equal-width confidence bins:
 * Σ_b (|B_b| / n) · |accuracy(B_b) − mean confidence(B_b)|, confidence = max p.
 * Bins are [i/B, (i+1)/B), so a confidence exactly on an edge goes up a bin.
 */
export function computeCalibration(
  confidences: ArrayLike<number>,
  isCorrect: ArrayLike<boolean | number>,
  bins = DEFAULT_CALIBRATION_BINS,
  indices?: ArrayLike<number>,
): Calibration {
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const n = indices ? indices.length : confidences.length;
  for (let j = 0; j < n; j++) {
    const i = indices ? indices[j]! : j;
    const confidence = confidences[i]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)));
    count[bin]!++;
    confidenceSum[bin]! += confidence;
    if (isCorrect[i]) correct[bin]!++;
  }
  let ece = 0;
  const report: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const size = count[b]!;
    const accuracy = size > 0 ? correct[b]! / size : Number.NaN;
    const meanConfidence = size > 0 ? confidenceSum[b]! / size : Number.NaN;
    if (size > 0) ece += (size / n) * Math.abs(accuracy - meanConfidence);
    report.push({ lower: b / bins, upper: (b + 1) / bins, count: size, accuracy, meanConfidence });
  }
  return { ece: n > 0 ? ece : Number.NaN, bins: report };
}

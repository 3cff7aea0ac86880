/** The threshold of a label with too little held-out data to tune one: a calibrated 0.5. */
export const DEFAULT_LABEL_THRESHOLD = 0.5;
/** Fewer held-out positives (or negatives) than this and a label keeps DEFAULT_LABEL_THRESHOLD. */
export const MIN_THRESHOLD_CLASS_SIZE = 5;

export type TLabelThreshold = {
  threshold: number;
  /** 'tuned' on held-out data, or 'default' (0.5) because the label had too few positives or negatives. */
  source: 'tuned' | 'default';
  /** Held-out F1 at this threshold; null when nothing was held out. */
  heldOutF1: number | null;
};

/**
 * Per-label decision thresholds that maximise each label's F1 on held-out (out-of-fold)
 * probabilities. A label is predicted when p ≥ threshold. The candidates are the cuts between
 * consecutive distinct held-out probabilities, and the threshold sits halfway between the last
 * probability kept and the first one dropped, so a new item scoring like a kept one is kept. Ties
 * in F1 go to the threshold closest to 0.5, the least surprising of equals.
 *
 * The rule for rare labels: with fewer than `minClassSize` (default 5) held-out positives, or as few
 * negatives, the best-F1 cut is decided by one or two items and swings wildly between versions, so
 * the label keeps 0.5 (source 'default'). Its held-out F1 at 0.5 is still reported.
 */
export function tuneLabelThresholds(
  probs: ArrayLike<number>,
  targets: Uint8Array,
  numLabels: number,
  options: { minClassSize?: number } = {},
): TLabelThreshold[] {
  const n = targets.length / numLabels;
  if (probs.length !== targets.length || !Number.isInteger(n)) throw new RangeError('probs and targets must both be n×L');
  const minClassSize = options.minClassSize ?? MIN_THRESHOLD_CLASS_SIZE;
  const order = new Int32Array(n);
  const thresholds: TLabelThreshold[] = [];
  for (let label = 0; label < numLabels; label++) {
    const p = (i: number) => probs[i * numLabels + label]!;
    const y = (i: number) => targets[i * numLabels + label]!;
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y(i);
    if (n === 0) {
      thresholds.push({ threshold: DEFAULT_LABEL_THRESHOLD, source: 'default', heldOutF1: null });
      continue;
    }
    if (positives < minClassSize || n - positives < minClassSize) {
      thresholds.push({ threshold: DEFAULT_LABEL_THRESHOLD, source: 'default', heldOutF1: computeF1At(p, y, n, positives, DEFAULT_LABEL_THRESHOLD) });
      continue;
    }
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => p(b) - p(a));
    let best = { f1: -1, threshold: DEFAULT_LABEL_THRESHOLD };
    let truePositives = 0;
    for (let k = 1; k <= n; k++) {
      truePositives += y(order[k - 1]!);
      // Only cut between distinct probabilities: equal scores are kept or dropped together.
      if (k < n && p(order[k]!) === p(order[k - 1]!)) continue;
      const f1 = (2 * truePositives) / (k + positives);
      const threshold = k < n ? (p(order[k - 1]!) + p(order[k]!)) / 2 : p(order[n - 1]!) / 2;
      if (f1 > best.f1 || (f1 === best.f1 && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5))) best = { f1, threshold };
    }
    thresholds.push({ threshold: best.threshold, source: 'tuned', heldOutF1: best.f1 });
  }
  return thresholds;
}

function computeF1At(p: (i: number) => number, y: (i: number) => number, n: number, positives: number, threshold: number): number {
  let truePositives = 0;
  let predicted = 0;
  for (let i = 0; i < n; i++) {
    if (p(i) >= threshold) {
      predicted++;
      truePositives += y(i);
    }
  }
  return predicted + positives > 0 ? (2 * truePositives) / (predicted + positives) : 0;
}

import type { ClassMetrics } from '../metrics/classification-report';

export type TMultilabelMetrics = {
  items: number;
  /** Per label, scikit-learn's definitions (0 when a denominator is 0); `label` is the label's index. */
  perLabel: ClassMetrics[];
  /** Pooled over every (item, label) cell: Σtp / Σpredicted, Σtp / Σtrue, and their harmonic mean. */
  microPrecision: number;
  microRecall: number;
  microF1: number;
  /**
   * Unweighted mean of per-label F1 over labels that are present (some true or predicted positive),
   * as computeMacroF1 does for single-label reports. scikit-learn's f1_score(average='macro') on an
   * indicator matrix averages over every column instead, counting an unused label as F1 0.
   */
  macroF1: number;
  /** Share of items whose predicted set equals the true set exactly ("none of these" included). */
  subsetAccuracy: number;
  /** Share of (item, label) cells predicted wrong. */
  hammingLoss: number;
};

/**
 * Multi-label quality of predicted sets against true sets, both n×L 0/1 matrices
 * (encodeLabelSets, applyLabelThresholds). NaN for the averages when there are no items.
 */
export function computeMultilabelMetrics(truth: Uint8Array, predicted: Uint8Array, numLabels: number): TMultilabelMetrics {
  if (truth.length !== predicted.length || numLabels < 1 || truth.length % numLabels !== 0) throw new RangeError('truth and predicted must both be n×L');
  const n = truth.length / numLabels;
  const truePositives = new Float64Array(numLabels);
  const support = new Float64Array(numLabels);
  const predictedCount = new Float64Array(numLabels);
  let exact = 0;
  let wrongCells = 0;
  for (let i = 0; i < n; i++) {
    let isExact = true;
    for (let l = 0; l < numLabels; l++) {
      const t = truth[i * numLabels + l]!;
      const p = predicted[i * numLabels + l]!;
      support[l]! += t;
      predictedCount[l]! += p;
      truePositives[l]! += t & p;
      if (t !== p) {
        isExact = false;
        wrongCells++;
      }
    }
    if (isExact) exact++;
  }
  const perLabel: ClassMetrics[] = [];
  let tpSum = 0;
  let supportSum = 0;
  let predictedSum = 0;
  for (let l = 0; l < numLabels; l++) {
    const precision = predictedCount[l]! > 0 ? truePositives[l]! / predictedCount[l]! : 0;
    const recall = support[l]! > 0 ? truePositives[l]! / support[l]! : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel.push({ label: l, precision, recall, f1, support: support[l]!, predicted: predictedCount[l]!, isPresent: support[l]! > 0 || predictedCount[l]! > 0 });
    tpSum += truePositives[l]!;
    supportSum += support[l]!;
    predictedSum += predictedCount[l]!;
  }
  const microPrecision = predictedSum > 0 ? tpSum / predictedSum : 0;
  const microRecall = supportSum > 0 ? tpSum / supportSum : 0;
  const present = perLabel.filter((m) => m.isPresent);
  return {
    items: n,
    perLabel,
    microPrecision,
    microRecall,
    microF1: supportSum + predictedSum > 0 ? (2 * tpSum) / (supportSum + predictedSum) : 0,
    macroF1: present.length > 0 ? present.reduce((sum, m) => sum + m.f1, 0) / present.length : Number.NaN,
    subsetAccuracy: n > 0 ? exact / n : Number.NaN,
    hammingLoss: n > 0 ? wrongCells / (n * numLabels) : Number.NaN,
  };
}

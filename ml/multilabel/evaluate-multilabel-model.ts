import { computeQuantile, DEFAULT_BOOTSTRAP_SAMPLES, type Interval } from '../metrics/bootstrap';
import type { ClassIntervals } from '../metrics/class-intervals';
import type { MetricEstimate } from '../metrics/evaluate';
import { createRng } from '../random';
import { applyLabelThresholds } from './apply-label-thresholds';
import { computeMultilabelMetrics, type TMultilabelMetrics } from './multilabel-metrics';

/** A constant answer to beat: the same set for every item. */
export type TMultilabelBaseline = {
  /**
   * 'label_majority': each label predicted for every item when most evaluation items have it;
   * 'most_frequent_set': the commonest whole set of the evaluation items.
   */
  kind: 'label_majority' | 'most_frequent_set';
  /** The set answered for every item (label indices, sorted). */
  labels: number[];
  microF1: number;
  macroF1: number;
};

export type TMultilabelEvaluation = Omit<TMultilabelMetrics, 'microF1' | 'macroF1'> & {
  microF1: MetricEstimate;
  macroF1: MetricEstimate;
  /** 95% bootstrap intervals of each label's precision, recall and F1, in label order. */
  perLabelIntervals: ClassIntervals[];
  /** The better (by micro-F1) of the two constant answers. */
  baseline: TMultilabelBaseline;
  /**
   * Micro-F1 strictly above the baseline's (or perfect). A version that fails this must not order
   * the queue (its uncertainty is noise) and is flagged in the UI, as for single-label versions.
   */
  beatsBaseline: boolean;
};

/**
 * Held-out quality of a multi-label version: its predicted sets (calibrated probabilities against
 * its per-label thresholds) against the true sets, with 95% percentile-bootstrap intervals over
 * items for micro-F1, macro-F1 and every label's precision, recall and F1 (one set of resamples for
 * all of them, as computeClassIntervals does for single-label versions), and its verdict against
 * the best constant answer. Throws on an empty evaluation set.
 */
export function evaluateMultilabelModel({
  probs,
  thresholds,
  truth,
  numLabels,
  seed,
  bootstrapSamples = DEFAULT_BOOTSTRAP_SAMPLES,
}: {
  /** n×L calibrated probabilities. */
  probs: ArrayLike<number>;
  thresholds: ArrayLike<number>;
  /** n×L 0/1 true sets (encodeLabelSets). */
  truth: Uint8Array;
  numLabels: number;
  seed: number;
  bootstrapSamples?: number;
}): TMultilabelEvaluation {
  const n = truth.length / numLabels;
  if (n === 0) throw new RangeError('cannot evaluate on zero items');
  if (probs.length !== truth.length || thresholds.length !== numLabels) throw new RangeError('probs, truth and thresholds do not match n×L');
  const predicted = applyLabelThresholds(probs, thresholds);
  const metrics = computeMultilabelMetrics(truth, predicted, numLabels);
  const intervals = bootstrapMultilabelIntervals(truth, predicted, numLabels, { seed, samples: bootstrapSamples });
  const baseline = computeMultilabelBaseline(truth, numLabels);
  return {
    ...metrics,
    microF1: { value: metrics.microF1, ci95: intervals.microF1 },
    macroF1: { value: metrics.macroF1, ci95: intervals.macroF1 },
    perLabelIntervals: intervals.perLabel,
    baseline,
    beatsBaseline: metrics.microF1 > baseline.microF1 || metrics.microF1 === 1,
  };
}

/** The better of answering each label's majority presence and answering the commonest set, for every item. */
export function computeMultilabelBaseline(truth: Uint8Array, numLabels: number): TMultilabelBaseline {
  const n = truth.length / numLabels;
  const presence = new Float64Array(numLabels);
  const setCounts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const row = truth.subarray(i * numLabels, (i + 1) * numLabels);
    for (let l = 0; l < numLabels; l++) presence[l]! += row[l]!;
    const key = row.join('');
    setCounts.set(key, (setCounts.get(key) ?? 0) + 1);
  }
  const majority = Array.from({ length: numLabels }, (_, l) => l).filter((l) => 2 * presence[l]! > n);
  // The commonest set; ties go to the one met first in item order (Map keeps insertion order).
  let commonest = '';
  let best = -1;
  for (const [key, count] of setCounts) {
    if (count > best) {
      commonest = key;
      best = count;
    }
  }
  const frequent = [...commonest].flatMap((bit, l) => (bit === '1' ? [l] : []));
  const score = (labels: number[], kind: TMultilabelBaseline['kind']): TMultilabelBaseline => {
    const row = new Uint8Array(numLabels);
    for (const l of labels) row[l] = 1;
    const constant = new Uint8Array(truth.length);
    for (let i = 0; i < n; i++) constant.set(row, i * numLabels);
    const metrics = computeMultilabelMetrics(truth, constant, numLabels);
    return { kind, labels, microF1: metrics.microF1, macroF1: Number.isNaN(metrics.macroF1) ? 0 : metrics.macroF1 };
  };
  const byMajority = score(majority, 'label_majority');
  const byFrequentSet = score(frequent, 'most_frequent_set');
  return byFrequentSet.microF1 > byMajority.microF1 ? byFrequentSet : byMajority;
}

/**
 * Percentile bootstrap over items: each resample counts every label's true positives, true and
 * predicted positives once, and every figure is read off those counts.
 */
function bootstrapMultilabelIntervals(
  truth: Uint8Array,
  predicted: Uint8Array,
  numLabels: number,
  { seed, samples, level = 0.95 }: { seed: number; samples: number; level?: number },
): { microF1: Interval; macroF1: Interval; perLabel: ClassIntervals[] } {
  const n = truth.length / numLabels;
  const rng = createRng(seed);
  const micro: number[] = [];
  const macro: number[] = [];
  const perLabel = Array.from({ length: numLabels }, () => ({ precision: [] as number[], recall: [] as number[], f1: [] as number[] }));
  const tp = new Float64Array(numLabels);
  const support = new Float64Array(numLabels);
  const predictedCount = new Float64Array(numLabels);
  for (let s = 0; s < samples; s++) {
    tp.fill(0);
    support.fill(0);
    predictedCount.fill(0);
    for (let k = 0; k < n; k++) {
      const offset = rng.int(n) * numLabels;
      for (let l = 0; l < numLabels; l++) {
        const t = truth[offset + l]!;
        const p = predicted[offset + l]!;
        support[l]! += t;
        predictedCount[l]! += p;
        tp[l]! += t & p;
      }
    }
    let tpSum = 0;
    let countSum = 0;
    let f1Sum = 0;
    let present = 0;
    for (let l = 0; l < numLabels; l++) {
      const precision = predictedCount[l]! > 0 ? tp[l]! / predictedCount[l]! : 0;
      const recall = support[l]! > 0 ? tp[l]! / support[l]! : 0;
      const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      perLabel[l]!.precision.push(precision);
      perLabel[l]!.recall.push(recall);
      perLabel[l]!.f1.push(f1);
      tpSum += tp[l]!;
      countSum += support[l]! + predictedCount[l]!;
      if (support[l]! > 0 || predictedCount[l]! > 0) {
        f1Sum += f1;
        present++;
      }
    }
    micro.push(countSum > 0 ? (2 * tpSum) / countSum : 0);
    if (present > 0) macro.push(f1Sum / present);
  }
  const interval = (values: number[]): Interval => {
    if (values.length === 0) return [Number.NaN, Number.NaN];
    values.sort((a, b) => a - b);
    return [computeQuantile(values, (1 - level) / 2), computeQuantile(values, (1 + level) / 2)];
  };
  return {
    microF1: interval(micro),
    macroF1: interval(macro),
    perLabel: perLabel.map((label) => ({ precision: interval(label.precision), recall: interval(label.recall), f1: interval(label.f1) })),
  };
}

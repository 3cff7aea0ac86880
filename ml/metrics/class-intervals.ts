import { createRng } from '../random';
import { computeQuantile, DEFAULT_BOOTSTRAP_SAMPLES, type Interval } from './bootstrap';
import { computeClassMetrics } from './classification-report';
import { computeConfusionMatrix } from './confusion-matrix';

const LEVEL = 0.95;

export type ClassIntervals = { precision: Interval; recall: Interval; f1: Interval };

/**
 * 95% percentile-bootstrap intervals of every class's precision, recall and F1 from one
 * set of resamples over items (the same resampling as `bootstrapInterval`), so the k×3
 * intervals cost one confusion matrix per resample rather than one each.
 */
export function computeClassIntervals({
  yTrue,
  yPred,
  numClasses,
  seed,
  samples = DEFAULT_BOOTSTRAP_SAMPLES,
}: {
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
  numClasses: number;
  seed: number;
  samples?: number;
}): ClassIntervals[] {
  const n = yTrue.length;
  if (n === 0) throw new RangeError('cannot bootstrap zero items');
  const rng = createRng(seed);
  const indices = new Int32Array(n);
  const stats = Array.from({ length: numClasses }, () => ({ precision: [] as number[], recall: [] as number[], f1: [] as number[] }));
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n);
    computeClassMetrics(computeConfusionMatrix(yTrue, yPred, numClasses, indices)).forEach((metrics, c) => {
      stats[c]!.precision.push(metrics.precision);
      stats[c]!.recall.push(metrics.recall);
      stats[c]!.f1.push(metrics.f1);
    });
  }
  const interval = (values: number[]): Interval => {
    values.sort((a, b) => a - b);
    return [computeQuantile(values, (1 - LEVEL) / 2), computeQuantile(values, (1 + LEVEL) / 2)];
  };
  return stats.map((s) => ({ precision: interval(s.precision), recall: interval(s.recall), f1: interval(s.f1) }));
}

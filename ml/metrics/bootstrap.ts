import { createRng } from '../random';

export type Interval = [low: number, high: number];

export type BootstrapOptions = {
  samples?: number;
  seed: number;
  /** Central coverage, 0.95 for a 95% interval. */
  level?: number;
};

export const DEFAULT_BOOTSTRAP_SAMPLES = 1000;

/**
 * Percentile bootstrap over items (Efron & Tibshirani 1993): resample n item indices
 * with replacement `samples` times, evaluate `statFn` on each resample, and take the
 * (1 − level)/2 and (1 + level)/2 quantiles. Resamples where the statistic is
 * undefined (NaN) are dropped.
 */
export function bootstrapInterval(
  n: number,
  statFn: (indices: Int32Array) => number,
  { samples = DEFAULT_BOOTSTRAP_SAMPLES, seed, level = 0.95 }: BootstrapOptions,
): Interval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bootstrap needs at least one item, got ${n}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const rng = createRng(seed);
  const indices = new Int32Array(n);
  const stats: number[] = [];
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n);
    const value = statFn(indices);
    if (!Number.isNaN(value)) stats.push(value);
  }
  if (stats.length === 0) return [Number.NaN, Number.NaN];
  stats.sort((a, b) => a - b);
  return [computeQuantile(stats, (1 - level) / 2), computeQuantile(stats, (1 + level) / 2)];
}

/** Linear interpolation between order statistics (numpy's default, Hyndman–Fan type 7). */
export function computeQuantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

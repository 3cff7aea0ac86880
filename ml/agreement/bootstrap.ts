import type { TMetric } from './metric';
import { createRng } from '@/ml/random';
import { resolveRatingIndex, weightRatingIndex, type TIndexOptions, type TRatingIndex, type TRatingsInput } from './ratings';

export type TBootstrapOptions = TIndexOptions & {
  /** Number of resamples (default 1000). */
  samples?: number;
  seed?: number;
};

export type TBootstrapInterval = {
  ci95: [number, number] | null;
  /** Resamples on which the metric was defined; the interval is taken over these only. */
  definedSamples: number;
  samples: number;
};

export const DEFAULT_BOOTSTRAP_SAMPLES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 1;

/**
 * Percentile bootstrap over items: each resample draws as many items as there are, with
 * replacement, keeping every item's ratings together (ratings on one item are not independent, so
 * items are the sampling unit). A resample is the same index with per-item multiplicities, so a
 * resample costs one pass of the metric and no copying.
 *
 * Resamples on which the metric is undefined (say, every drawn item got one label) are skipped;
 * `definedSamples` says how many were left. No interval when fewer than two are.
 */
export function computeBootstrapCi(
  input: TRatingsInput,
  computeMetric: (index: TRatingIndex) => TMetric,
  options: TBootstrapOptions = {},
): TBootstrapInterval {
  const index = resolveRatingIndex(input, options);
  const samples = options.samples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`bootstrap samples must be a non-negative integer, got ${samples}`);
  const itemCount = index.items.length;
  if (itemCount === 0 || samples === 0) return { ci95: null, definedSamples: 0, samples };

  const rng = createRng(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const weights = new Float64Array(itemCount);
  const resampled = weightRatingIndex(index, weights);
  const estimates = new Float64Array(samples);
  let defined = 0;
  for (let b = 0; b < samples; b++) {
    weights.fill(0);
    for (let draw = 0; draw < itemCount; draw++) weights[rng.int(itemCount)]!++;
    const metric = computeMetric(resampled);
    if (metric.value !== null) estimates[defined++] = metric.value;
  }
  if (defined < 2) return { ci95: null, definedSamples: defined, samples };
  const sorted = estimates.subarray(0, defined).sort();
  return { ci95: [quantileOfSorted(sorted, 0.025), quantileOfSorted(sorted, 0.975)], definedSamples: defined, samples };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, R's default). */
function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

import type { TMetric } from './metric';
import { createRng, type Rng } from '@/ml/random';
import { sampleMultinomial } from './binomial';
import { collapseRatingIndex, type TCollapsedRatings } from './collapse';
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

export type TMetricFunction = (index: TRatingIndex) => TMetric;

export const DEFAULT_BOOTSTRAP_SAMPLES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 1;

/** Percentile bootstrap interval of one metric; see computeBootstrapCis. */
export function computeBootstrapCi(input: TRatingsInput, computeMetric: TMetricFunction, options: TBootstrapOptions = {}): TBootstrapInterval {
  return computeBootstrapCis(input, { metric: computeMetric }, options).metric;
}

/**
 * Percentile bootstrap over items for several metrics at once, all evaluated on the same
 * resamples. Each resample draws as many items as there are, with replacement, keeping every
 * item's ratings together (ratings on one item are not independent, so items are the sampling
 * unit). An index that already carries item weights counts item i weights[i] times.
 *
 * Items with identical ratings are collapsed into weighted patterns first, and a resample is the
 * pattern index with new weights: the counts of a multinomial draw, which is exactly the
 * distribution of counting how often each pattern's items were drawn. When there are far fewer
 * patterns than items the counts come from a chain of binomials (cost per resample O(patterns));
 * otherwise items are drawn one by one. Both are exact; which one runs depends only on the data,
 * so the same ratings and seed always give the same interval.
 *
 * Resamples on which a metric is undefined (say, every drawn item got one label) are skipped for
 * that metric; `definedSamples` says how many were left. No interval when fewer than two are.
 */
export function computeBootstrapCis<TName extends string>(
  input: TRatingsInput,
  metrics: Record<TName, TMetricFunction>,
  options: TBootstrapOptions = {},
): Record<TName, TBootstrapInterval> {
  const names = Object.keys(metrics) as TName[];
  const samples = options.samples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`bootstrap samples must be a non-negative integer, got ${samples}`);
  const collapsed = collapseRatingIndex(resolveRatingIndex(input, options));
  const itemTotal = collapsed.itemTotal;
  if (!Number.isInteger(itemTotal)) throw new RangeError('bootstrap needs whole-number item weights');
  const empty = () => Object.fromEntries(names.map((name) => [name, { ci95: null, definedSamples: 0, samples }])) as Record<TName, TBootstrapInterval>;
  if (itemTotal === 0 || samples === 0) return empty();

  const rng = createRng(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const weights = new Float64Array(collapsed.multiplicity.length);
  const resampled = weightRatingIndex(collapsed.index, weights);
  const drawResample = createResampler(collapsed, rng, weights);
  const estimates = names.map(() => new Float64Array(samples));
  const defined = names.map(() => 0);
  for (let b = 0; b < samples; b++) {
    drawResample();
    names.forEach((name, m) => {
      const value = metrics[name](resampled).value;
      if (value !== null) estimates[m]![defined[m]!++] = value;
    });
  }
  const intervals = empty();
  names.forEach((name, m) => {
    const count = defined[m]!;
    if (count < 2) {
      intervals[name] = { ci95: null, definedSamples: count, samples };
      return;
    }
    const sorted = estimates[m]!.subarray(0, count).sort();
    intervals[name] = { ci95: [quantileOfSorted(sorted, 0.025), quantileOfSorted(sorted, 0.975)], definedSamples: count, samples };
  });
  return intervals;
}

/** Returns a function that fills `weights` with the pattern counts of one resample. */
function createResampler(collapsed: TCollapsedRatings, rng: Rng, weights: Float64Array): () => void {
  const { multiplicity, itemTotal, patternOf, sourceWeights } = collapsed;
  // A binomial costs a few uniforms and logs; drawing an item costs one uniform.
  if (multiplicity.length * 8 <= itemTotal) return () => void sampleMultinomial(rng, itemTotal, multiplicity, weights);
  // Source items in their own order, each as often as its weight: the draws do not depend on how patterns are numbered.
  const unitPattern = new Int32Array(itemTotal);
  let unit = 0;
  for (let i = 0; i < patternOf.length; i++) {
    const copies = sourceWeights ? sourceWeights[i]! : 1;
    for (let copy = 0; copy < copies; copy++) unitPattern[unit++] = patternOf[i]!;
  }
  return () => {
    weights.fill(0);
    for (let draw = 0; draw < itemTotal; draw++) weights[unitPattern[rng.int(itemTotal)]!]!++;
  };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, R's default). */
function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

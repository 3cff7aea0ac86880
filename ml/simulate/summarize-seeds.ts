/**
 * Labels-to-target over seeds: how many runs got there, their mean, and the range (min–max).
 * With the 3–5 seeds a simulation affords, the range is the honest interval: a t-interval
 * on 3 values (t = 4.30) says little more, and runs that never reached the target cannot be
 * averaged in, so they are counted instead.
 */
export type SeedSummary = { reached: number; runs: number; mean: number | null; min: number | null; max: number | null };

export function summarizeSeeds(values: readonly (number | null)[]): SeedSummary {
  const reached = values.filter((v): v is number => v !== null);
  if (reached.length === 0) return { reached: 0, runs: values.length, mean: null, min: null, max: null };
  return {
    reached: reached.length,
    runs: values.length,
    mean: reached.reduce((a, b) => a + b, 0) / reached.length,
    min: Math.min(...reached),
    max: Math.max(...reached),
  };
}

/**
 * One seed's strategy ÷ random labels to target. When a run never got there, the last point of the
 * curve still bounds the ratio: random short at the budget B needs more than B labels, so the ratio
 * is below strategy ÷ B ('below'); the strategy short needs more than B, so the ratio is above
 * B ÷ random ('above'); both short says nothing ('unknown', value null).
 */
export type SeedRatio = { seed: number; kind: 'exact' | 'below' | 'above' | 'unknown'; value: number | null };

/** The mean ratio is over the seeds where both runs got there (`paired`); the others are kept as bounds, not averaged in. */
export type RatioSummary = { mean: number | null; paired: number; runs: number; perSeed: SeedRatio[] };

export function summarizeRatios(strategy: readonly (number | null)[], random: readonly (number | null)[], budget: number): RatioSummary {
  if (strategy.length !== random.length) throw new RangeError(`${strategy.length} strategy runs but ${random.length} random runs`);
  if (!(budget > 0)) throw new RangeError(`budget must be positive, got ${budget}`);
  const perSeed = strategy.map((labels, seed): SeedRatio => {
    const baseline = random[seed]!;
    if (labels !== null && baseline !== null) return { seed, kind: 'exact', value: labels / baseline };
    if (labels !== null) return { seed, kind: 'below', value: labels / budget };
    if (baseline !== null) return { seed, kind: 'above', value: budget / baseline };
    return { seed, kind: 'unknown', value: null };
  });
  const exact = perSeed.filter((r) => r.kind === 'exact').map((r) => r.value!);
  return { mean: exact.length > 0 ? exact.reduce((a, b) => a + b, 0) / exact.length : null, paired: exact.length, runs: perSeed.length, perSeed };
}

/** '0.50', '<0.20' (random short of the target), '>1.33' (the strategy short), '—' (both). */
export function formatSeedRatio(ratio: SeedRatio): string {
  if (ratio.value === null) return '—';
  const prefix = { exact: '', below: '<', above: '>', unknown: '' }[ratio.kind];
  return `${prefix}${ratio.value.toFixed(2)}`;
}

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

/**
 * A point of a score distribution's survival function: the share of scores at or above a threshold.
 * A certificate's risk–coverage curve is exactly this for its calibration data (coverage at each
 * threshold of its grid), so live scores can be compared with calibration without the raw scores.
 */
export type TSurvivalPoint = { threshold: number; share: number };

/** The sorted scores' share at or above `threshold` (binary search: scores ascending). */
export function shareAtOrAbove(sortedScores: ArrayLike<number>, threshold: number): number {
  const m = sortedScores.length;
  if (m === 0) return 0;
  let low = 0;
  let high = m;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sortedScores[mid]! < threshold) low = mid + 1;
    else high = mid;
  }
  return (m - low) / m;
}

/**
 * The two-sample Kolmogorov–Smirnov distance between live scores and a reference known through its
 * survival function at some thresholds: max |S_ref(t) − S_live(t)| over those thresholds. Read only
 * at the reference's points it can miss a larger gap between them, so it is at most the full KS
 * distance and a test on it is conservative (it flags drift less often, never more).
 */
export function survivalKsDistance(sortedScores: ArrayLike<number>, reference: readonly TSurvivalPoint[]): { distance: number; threshold: number | null } {
  let distance = 0;
  let threshold: number | null = null;
  for (const point of reference) {
    const gap = Math.abs(point.share - shareAtOrAbove(sortedScores, point.threshold));
    if (gap > distance) {
      distance = gap;
      threshold = point.threshold;
    }
  }
  return { distance, threshold };
}

/**
 * The distance two samples of sizes n and m exceed with probability `level` when they come from one
 * continuous distribution, asymptotically: c·√((n + m)/(n·m)) with c = √(−ln(level/2)/2)
 * (1.36 at 5%, 1.63 at 1%). Ties and the thresholds-only reading make the real rate lower still.
 */
export function ksCriticalDistance(n: number, m: number, level: number): number {
  if (!(n > 0 && m > 0)) throw new RangeError(`need two non-empty samples, got ${n} and ${m}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  return Math.sqrt(-Math.log(level / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

/** The standard normal quantile for a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion (Wilson 1927): unlike the normal ("Wald") interval it
 * stays inside [0, 1] and keeps close to its nominal coverage for small n and for proportions near 0
 * or 1, which is where an annotator's accuracy on a handful of gold items lives. Null for n = 0.
 */
export function computeWilsonInterval(successes: number, n: number, z = Z_95): [number, number] | null {
  if (!(n > 0)) return null;
  if (!(successes >= 0 && successes <= n)) throw new RangeError(`successes must be between 0 and n (${n}), got ${successes}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const halfWidth = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}

/**
 * Independent computations of what binomial-cdf.ts and clopper-pearson.ts compute, for tests only:
 * written another way, so that a shared mistake is unlikely. The binomial tail is summed exactly in
 * rational arithmetic (BigInt), which is slow but has no rounding; the Clopper–Pearson bound is
 * read off the regularized incomplete beta function (a continued fraction) instead of the binomial sum.
 */

/** A non-negative rational num/den in lowest terms is not needed: comparisons cross-multiply. */
export type Ratio = { num: bigint; den: bigint };

/** A decimal written plainly (0.01, 0.3, 1): its exact value, so α = 0.01 is 1/100 and not the nearest double. */
export function decimalToRatio(value: number): Ratio {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`write ${text} as a plain decimal`);
  const decimals = match[2] ?? '';
  return { num: BigInt(match[1]! + decimals), den: 10n ** BigInt(decimals.length) };
}

/** P(Bin(n, p) ≤ k) = Σ_{i ≤ k} C(n, i)·a^i·(d − a)^(n − i) / d^n for p = a/d, exactly. */
export function exactBinomialCdf(n: number, p: Ratio, k: number): Ratio {
  const { num: a, den: d } = p;
  let sum = 0n;
  let choose = 1n;
  for (let i = 0; i <= Math.min(k, n); i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    sum += choose * a ** BigInt(i) * (d - a) ** BigInt(n - i);
  }
  return { num: sum, den: d ** BigInt(n) };
}

export function isRatioAtMost(x: Ratio, y: Ratio): boolean {
  return x.num * y.den <= y.num * x.den;
}

/** The nearest double, scaling first so that numerator and denominator of a thousand digits do not overflow. */
export function ratioToNumber({ num, den }: Ratio): number {
  if (num === 0n) return 0;
  const bits = (x: bigint) => x.toString(2).length;
  const shift = Math.max(0, bits(den) - bits(num) + 64);
  return Number((num << BigInt(shift)) / den) * 2 ** -shift;
}

/** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, nine coefficients), good to about 1e-15. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes, betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let step = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + step * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + step / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    step = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + step * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + step / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return h;
  }
  throw new Error(`the continued fraction for I_${x}(${a}, ${b}) did not converge`);
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The fraction converges fast below (a + 1)/(a + b + 2); above it, by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Clopper–Pearson upper bound at 1 − δ: the (1 − δ) quantile of Beta(k + 1, n − k), found on I_x. */
export function clopperPearsonUpperByBeta(k: number, n: number, delta: number): number {
  if (k >= n) return 1;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (regularizedIncompleteBeta(mid, k + 1, n - k) < 1 - delta) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

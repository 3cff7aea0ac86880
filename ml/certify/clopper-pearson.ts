import { binomialCdf } from './binomial-cdf';

/**
 * One-sided Clopper–Pearson upper bound on an error rate after k errors in n cases: the p at
 * which P(Bin(n, p) ≤ k) = δ, i.e. Beta⁻¹(1 − δ; k + 1, n − k). Found by bisection, since
 * the tail falls monotonically in p; exact for k = 0 (1 − δ^(1/n)).
 */
export function clopperPearsonUpper(k: number, n: number, delta: number): number {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`δ must be in (0, 1), got ${delta}`);
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new RangeError(`need 0 ≤ k ≤ n, got k ${k}, n ${n}`);
  if (n === 0 || k === n) return 1;
  if (k === 0) return 1 - delta ** (1 / n);
  let low = k / n;
  let high = 1;
  for (let i = 0; i < 100 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (binomialCdf(n, mid, k) > delta) low = mid;
    else high = mid;
  }
  return high;
}

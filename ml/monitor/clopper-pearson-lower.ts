import { binomialCdf } from '../certify/binomial-cdf';

/**
 * One-sided Clopper–Pearson lower bound on an error rate after k errors in n cases: the p at which
 * P(Bin(n, p) ≥ k) = δ, i.e. Beta⁻¹(δ; k, n − k + 1). With confidence 1 − δ the rate is at least
 * this. Found by bisection, since the upper tail rises monotonically in p; exact at the ends
 * (0 for k = 0, δ^(1/n) for k = n). The upper bound lives with the certificate (ml/certify).
 *
 * A fixed-n bound: read after every audit it is a description, not a test (checking it against α
 * again and again would raise false alarms far more often than δ); the monitor's alarm is the
 * e-process in audit-e-process.ts.
 */
export function clopperPearsonLower(k: number, n: number, delta: number): number {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`δ must be in (0, 1), got ${delta}`);
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`need integers 0 ≤ k ≤ n, got k ${k}, n ${n}`);
  if (k === 0) return 0;
  if (k === n) return delta ** (1 / n);
  // P(Bin(n, p) ≥ k) = 1 − P(Bin(n, p) ≤ k − 1).
  const upperTail = (p: number) => 1 - binomialCdf(n, p, k - 1);
  let low = 0;
  let high = k / n;
  for (let i = 0; i < 100 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (upperTail(mid) < delta) low = mid;
    else high = mid;
  }
  return low;
}

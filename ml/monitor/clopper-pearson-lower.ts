import { clopperPearsonUpper } from '../certify/clopper-pearson';

/**
 * One-sided Clopper–Pearson lower bound on an error rate after k errors in n cases: the p at which
 * P(Bin(n, p) ≥ k) = δ, i.e. Beta⁻¹(δ; k, n − k + 1). With confidence 1 − δ the rate is at least
 * this. By symmetry (n − X ~ Bin(n, 1 − p)) it is one minus the upper bound on the rate of correct
 * answers, so both bounds come from one search (ml/certify/clopper-pearson.ts): 0 for k = 0,
 * δ^(1/n) for k = n.
 *
 * A fixed-n bound: read after every audit it is a description, not a test (checking it against α
 * again and again would raise false alarms far more often than δ); the monitor's alarm is the
 * e-process in audit-e-process.ts.
 */
export function clopperPearsonLower(k: number, n: number, delta: number): number {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`need integers 0 ≤ k ≤ n, got k ${k}, n ${n}`);
  return 1 - clopperPearsonUpper(n - k, n, delta);
}

/**
 * P(Bin(n, p) ≤ k), summed in log space so that large n with small tails neither underflows
 * ((1 − p)^n is 0 in float64 for n = 10⁶, p = 0.01) nor loses the terms that matter.
 */
export function binomialCdf(n: number, p: number, k: number): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  const top = Math.floor(k);
  const logRatio = Math.log(p) - Math.log1p(-p);
  // log pmf(i + 1) = log pmf(i) + log((n − i) / (i + 1)) + log(p / (1 − p)).
  let logPmf = n * Math.log1p(-p);
  let maxLog = logPmf;
  const logs = new Float64Array(top + 1);
  logs[0] = logPmf;
  for (let i = 0; i < top; i++) {
    logPmf += Math.log((n - i) / (i + 1)) + logRatio;
    logs[i + 1] = logPmf;
    if (logPmf > maxLog) maxLog = logPmf;
  }
  let sum = 0;
  for (let i = 0; i <= top; i++) sum += Math.exp(logs[i]! - maxLog);
  return Math.min(1, Math.exp(maxLog + Math.log(sum)));
}

import { describe, expect, it } from 'vitest';
import { createRng } from '@/ml/random';
import { sampleBinomial, sampleMultinomial } from './binomial';

/** Exact Binomial(n, p) probabilities, from log-factorials (fine for the n used here). */
function binomialPmf(n: number, p: number): Float64Array {
  const logFactorial = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) logFactorial[i] = logFactorial[i - 1]! + Math.log(i);
  const pmf = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    pmf[k] = Math.exp(logFactorial[n]! - logFactorial[k]! - logFactorial[n - k]! + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return pmf;
}

/**
 * Pearson's chi-square of `samples` draws against the exact pmf, pooling outcomes until each bin
 * expects at least 5, and the 0.999 quantile of chi-square with that many degrees of freedom
 * (Wilson–Hilferty). A sampler with the wrong shape, mean or spread lands far above it at 20 000 draws.
 */
function chiSquareAgainstPmf(n: number, p: number, samples: number, seed: number) {
  const rng = createRng(seed);
  const observed = new Float64Array(n + 1);
  let sum = 0;
  for (let s = 0; s < samples; s++) {
    const draw = sampleBinomial(rng, n, p);
    observed[draw]!++;
    sum += draw;
  }
  const pmf = binomialPmf(n, p);
  let statistic = 0;
  let bins = 0;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (let k = 0; k <= n; k++) {
    pooledExpected += pmf[k]! * samples;
    pooledObserved += observed[k]!;
    if (pooledExpected >= 5 || k === n) {
      statistic += (pooledObserved - pooledExpected) ** 2 / Math.max(pooledExpected, 1e-12);
      bins++;
      pooledExpected = 0;
      pooledObserved = 0;
    }
  }
  const df = bins - 1;
  const z = 3.090232; // standard normal 0.999 quantile
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { statistic, critical, df, mean: sum / samples };
}

describe('sampleBinomial', () => {
  const cases: [string, number, number][] = [
    ['inversion (n·p ≤ 30)', 40, 0.3],
    ['inversion, mirrored (p > 0.5)', 50, 0.9],
    ['BTPE near the switch-over', 70, 0.45],
    ['BTPE (n·p = 300)', 1000, 0.3],
    ['BTPE, mirrored', 400, 0.8],
    ['BTPE with a large n and small p', 20_000, 0.01],
  ];
  for (const [name, n, p] of cases) {
    it(`matches the exact distribution: ${name}`, () => {
      const samples = 20_000;
      const { statistic, critical, mean } = chiSquareAgainstPmf(n, p, samples, n);
      expect(statistic).toBeLessThan(critical);
      // A shift of the mean by a fraction of a unit can hide from chi-square; four standard errors cannot.
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / samples));
    });
  }

  it('has mean n·p and variance n·p·(1 − p) far out in BTPE’s range', () => {
    const rng = createRng(3);
    const n = 1_000_000;
    const p = 0.2;
    const draws = Array.from({ length: 4000 }, () => sampleBinomial(rng, n, p));
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (draws.length - 1);
    // Standard errors: √(npq / 4000) ≈ 6.3 for the mean; about 2.2% for the variance.
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * 6.33);
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.9);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.1);
  });

  it('handles the degenerate cases and rejects bad arguments', () => {
    const rng = createRng(1);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
    expect(() => sampleBinomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 2.5, 0.5)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 10, 1.5)).toThrow(RangeError);
  });
});

describe('sampleMultinomial', () => {
  it('always sums to the total and never gives weight-0 categories a count', () => {
    const rng = createRng(9);
    const weights = [5, 0, 1, 300, 0, 2];
    const counts = new Float64Array(weights.length);
    for (let trial = 0; trial < 200; trial++) {
      sampleMultinomial(rng, 308, weights, counts);
      expect(counts.reduce((sum, c) => sum + c, 0)).toBe(308);
      expect(counts[1]).toBe(0);
      expect(counts[4]).toBe(0);
    }
  });

  it('has the multinomial means and covariances', () => {
    // Cov(X_i, X_j) = −N p_i p_j: the chain of conditional binomials must get the dependence right.
    const rng = createRng(21);
    const weights = [1, 2, 3, 4];
    const total = 1000;
    const trials = 6000;
    const counts = new Float64Array(4);
    const sums = new Float64Array(4);
    let crossSum = 0;
    for (let trial = 0; trial < trials; trial++) {
      sampleMultinomial(rng, total, weights, counts);
      for (let j = 0; j < 4; j++) sums[j]! += counts[j]!;
      crossSum += (counts[0]! - 100) * (counts[3]! - 400);
    }
    weights.forEach((weight, j) => expect(sums[j]! / trials).toBeCloseTo((total * weight) / 10, 0));
    const covariance = crossSum / trials;
    expect(covariance).toBeGreaterThan(-40 * 1.15);
    expect(covariance).toBeLessThan(-40 * 0.85);
  });
});

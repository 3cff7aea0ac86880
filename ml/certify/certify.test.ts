import { describe, expect, it } from 'vitest';
import { binomialCdf } from './binomial-cdf';
import { clopperPearsonUpper } from './clopper-pearson';
import { certifyThreshold, defaultThresholdGrid, minimumCasesToCertify } from './learn-then-test';
import { riskCoverageCurve } from './risk-coverage';
import { tallyThresholds } from './threshold-tally';

describe('binomialCdf', () => {
  it('matches hand-computed tails', () => {
    // Σ_{i≤5} C(10, i) / 2¹⁰ = (1 + 10 + 45 + 120 + 210 + 252) / 1024.
    expect(binomialCdf(10, 0.5, 5)).toBeCloseTo(638 / 1024, 14);
    // 0.9⁵⁰ + 50·0.1·0.9⁴⁹ + 1225·0.01·0.9⁴⁸.
    expect(binomialCdf(50, 0.1, 2)).toBeCloseTo(0.9 ** 50 + 5 * 0.9 ** 49 + 12.25 * 0.9 ** 48, 12);
    expect(binomialCdf(299, 0.01, 0)).toBeCloseTo(0.99 ** 299, 14);
    expect(binomialCdf(5, 0.3, 5)).toBe(1);
    expect(binomialCdf(5, 0.3, -1)).toBe(0);
  });

  it('stays finite where (1 − p)^n underflows', () => {
    // Bin(10⁶, 0.01) has mean 10,000 and sd 99.5: 10,000 is its median, 9,500 about 5 sd below.
    expect(binomialCdf(1_000_000, 0.01, 10_000)).toBeCloseTo(0.5, 1);
    const far = binomialCdf(1_000_000, 0.01, 9_500);
    expect(far).toBeGreaterThan(0);
    expect(far).toBeLessThan(1e-6);
  });
});

describe('clopperPearsonUpper', () => {
  it('is 1 − δ^(1/n) with no errors and solves P(Bin(n, u) ≤ k) = δ otherwise', () => {
    expect(clopperPearsonUpper(0, 299, 0.05)).toBeCloseTo(1 - 0.05 ** (1 / 299), 14);
    // The rule of three: about 3/n for 95% with no errors.
    expect(clopperPearsonUpper(0, 3000, 0.05)).toBeCloseTo(3 / 3000, 4);
    const u = clopperPearsonUpper(7, 200, 0.05);
    expect(binomialCdf(200, u, 7)).toBeCloseTo(0.05, 8);
    expect(u).toBeGreaterThan(7 / 200);
    expect(clopperPearsonUpper(4, 4, 0.05)).toBe(1);
  });
});

describe('certifyThreshold (Learn then Test, fixed sequence)', () => {
  it('needs 299 error-free cases for α = 1%, δ = 5% (n ≥ ln δ / ln(1 − α))', () => {
    for (const [n, certified] of [[298, false], [299, true]] as const) {
      const result = certifyThreshold({ scores: new Float64Array(n).fill(0.99), isError: new Uint8Array(n), grid: [0.95], alpha: 0.01, delta: 0.05 });
      expect(result.threshold).toBe(certified ? 0.95 : null);
    }
  });

  it('walks the grid down and stops at the first failure (hand-computed)', () => {
    // 30 correct cases at 0.95, then 20 at 0.85 of which 2 wrong, then 100 correct at 0.75.
    const scores = [...Array(30).fill(0.95), ...Array(20).fill(0.85), ...Array(100).fill(0.75)];
    const isError = scores.map((_, i) => (i === 30 || i === 31 ? 1 : 0));
    const result = certifyThreshold({ scores, isError, grid: [0.9, 0.8, 0.7], alpha: 0.1, delta: 0.1 });
    // λ = 0.9: 0.9³⁰ = 0.042 ≤ 0.1. λ = 0.8: P(Bin(50, 0.1) ≤ 2) = 0.112 > 0.1, stop; 0.7 is never tested,
    // although its 150 cases with 2 errors would pass alone (fixed sequence does not look past a failure).
    expect(result.steps.map((s) => [s.threshold, s.cases, s.errors, s.isCertified])).toEqual([
      [0.9, 30, 0, true],
      [0.8, 50, 2, false],
    ]);
    expect(result.steps[0]!.pValue).toBeCloseTo(0.9 ** 30, 12);
    expect(result.steps[1]!.pValue).toBeCloseTo(0.11172, 4);
    expect(result.threshold).toBe(0.9);
    expect(result.coverage).toBeCloseTo(30 / 150, 12);
    expect(result.errorUpperBound).toBeCloseTo(1 - 0.1 ** (1 / 30), 12);
    // 0.9²¹ = 0.109 > 0.1 ≥ 0.9²² = 0.098: 22 cases at least.
    expect(result).toMatchObject({ cases: 30, errors: 0, calibrationSize: 150, minCases: 22 });
  });

  it('certifies at p = δ exactly, and counts a score equal to a threshold as clearing it', () => {
    // Two correct cases at exactly 0.5: P(Bin(2, ½) ≤ 0) = ¼ = δ.
    const result = certifyThreshold({ scores: [0.5, 0.5, 0.2], isError: [0, 0, 1], grid: [0.5], alpha: 0.5, delta: 0.25 });
    expect(result).toMatchObject({ threshold: 0.5, cases: 2, errors: 0, calibrationSize: 3, minCases: 2 });
    expect(result.coverage).toBeCloseTo(2 / 3, 12);
  });

  it('sends everything to people when nothing is certified', () => {
    const result = certifyThreshold({ scores: [0.99, 0.98], isError: [0, 0], grid: defaultThresholdGrid(0.01), alpha: 0.01, delta: 0.05 });
    expect(result).toMatchObject({ threshold: null, coverage: 0, cases: 0, errors: 0, errorUpperBound: 1, calibrationSize: 2 });
    // Never 299 cases above any threshold: every one passed over, none failed.
    expect(result.steps.every((step) => step.pValue === null)).toBe(true);
  });

  it('holds its guarantee: over many calibration sets, the certified threshold’s true error exceeds α in at most δ of them', () => {
    // Scores uniform on [0, 1], wrong with probability 0.3·(1 − score): the error rate above λ is 0.15·(1 − λ),
    // so α = 5% holds exactly from λ = 2/3 up. Reading the empirical error alone fails ~20% of the time here.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alpha = 0.05;
    const delta = 0.1;
    let certified = 0;
    let violations = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const scores = Array.from({ length: 400 }, random);
      const isError = scores.map((s) => (random() < 0.3 * (1 - s) ? 1 : 0));
      const { threshold, steps } = certifyThreshold({ scores, isError, grid: defaultThresholdGrid(), alpha, delta });
      // Thresholds with fewer than ln δ / ln(1 − α) = 45 cases above are passed over, not failed.
      expect(steps.filter((step) => step.pValue === null).every((step) => step.cases < 45)).toBe(true);
      if (threshold === null) continue;
      certified++;
      if (0.15 * (1 - threshold) > alpha) violations++;
    }
    expect(certified).toBeGreaterThan(trials / 4);
    expect(violations / trials).toBeLessThanOrEqual(delta);
  });

  it('refuses an unsorted grid or mismatched inputs', () => {
    expect(() => certifyThreshold({ scores: [0.9], isError: [0], grid: [0.5, 0.9], alpha: 0.1, delta: 0.1 })).toThrow(/descending/);
    expect(() => certifyThreshold({ scores: [0.9], isError: [], grid: [0.5], alpha: 0.1, delta: 0.1 })).toThrow(/outcomes/);
  });
});

describe('minimumCasesToCertify', () => {
  it('is the smallest n with (1 − α)ⁿ ≤ δ', () => {
    expect(minimumCasesToCertify(0.01, 0.05)).toBe(299);
    expect(minimumCasesToCertify(0.05, 0.1)).toBe(45);
    // ln ¼ / ln ½ = 2 exactly: a case more would pass over a threshold that two clean cases certify.
    expect(minimumCasesToCertify(0.5, 0.25)).toBe(2);
    for (const [alpha, delta] of [[0.001, 0.01], [0.02, 0.2], [0.3, 0.001], [0.1, 0.05 / 3]] as const) {
      const n = minimumCasesToCertify(alpha, delta);
      expect((1 - alpha) ** n).toBeLessThanOrEqual(delta);
      expect((1 - alpha) ** (n - 1)).toBeGreaterThan(delta);
    }
  });
});

describe('defaultThresholdGrid', () => {
  it('runs 1, 0.999, …, 0, each threshold the decimal it is written as', () => {
    const grid = defaultThresholdGrid();
    expect(grid).toHaveLength(1001);
    expect(grid.slice(0, 3)).toEqual([1, 0.999, 0.998]);
    expect(grid.at(-1)).toBe(0);
    // 1 − 700·0.001 is 0.30000000000000004 in floating point; a score of 0.3 must clear this threshold.
    expect(grid[700]).toBe(0.3);
    expect(grid.every((lambda, j) => lambda === Number((1 - j / 1000).toFixed(3)))).toBe(true);
    expect(defaultThresholdGrid(0.25)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(defaultThresholdGrid(0.1)).toEqual([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0]);
    expect(defaultThresholdGrid(0.0001)).toHaveLength(10_001);
  });

  it('refuses a step that does not divide 1, lies outside (0, 0.5], or would make a grid of millions', () => {
    expect(() => defaultThresholdGrid(0.3)).toThrow(/whole number/);
    for (const step of [0, -0.1, 0.6, Number.NaN]) expect(() => defaultThresholdGrid(step)).toThrow(/\(0, 0\.5\]/);
    expect(() => defaultThresholdGrid(1e-7)).toThrow(/at least/);
  });
});

describe('riskCoverageCurve', () => {
  it('counts cases and errors above each threshold, keeps one point per coverage, and bounds the error', () => {
    const scores = [0.95, 0.95, 0.85, 0.85, 0.6];
    const isError = [0, 0, 1, 0, 1];
    const curve = riskCoverageCurve({ tally: tallyThresholds({ scores, isError, grid: [1, 0.9, 0.8, 0.7, 0.5] }), delta: 0.05 });
    // 0.7 covers what 0.8 covers: dropped.
    expect(curve.map((p) => [p.threshold, p.cases, p.errors, p.coverage])).toEqual([
      [1, 0, 0, 0],
      [0.9, 2, 0, 0.4],
      [0.8, 4, 1, 0.8],
      [0.5, 5, 2, 1],
    ]);
    expect(curve[0]!.upperBound).toBe(1);
    expect(curve[1]!.upperBound).toBeCloseTo(1 - 0.05 ** (1 / 2), 12);
    expect(curve[2]!.upperBound).toBeCloseTo(clopperPearsonUpper(1, 4, 0.05), 12);
  });
});

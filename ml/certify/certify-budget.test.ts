import { describe, expect, it } from 'vitest';
import { createRng } from '@/ml/random';
import { certifyBudget } from './certify-budget';
import { defaultThresholdGrid } from './learn-then-test';

describe('certifyBudget (conformal risk control)', () => {
  it('walks down while (k + 1)/(n + 1) ≤ α (hand-computed)', () => {
    // 20 cases: 8 right at 0.95, 4 at 0.85 (1 wrong), 4 at 0.75 (1 wrong), 4 right at 0.65; α = 0.1.
    const scores = [...Array(8).fill(0.95), ...Array(4).fill(0.85), ...Array(4).fill(0.75), ...Array(4).fill(0.65)];
    const isError = scores.map((_, i) => (i === 8 || i === 12 ? 1 : 0));
    // λ 0.9: (20/21)·0 + 1/21 = 0.048; λ 0.8: (20/21)·(1/20) + 1/21 = 2/21 = 0.095; λ 0.7: 3/21 = 0.143 > 0.1, stop.
    const result = certifyBudget({ scores, isError, grid: [0.9, 0.8, 0.7, 0.6], alpha: 0.1 });
    expect(result).toMatchObject({ threshold: 0.8, cases: 12, errors: 1, calibrationSize: 20 });
    expect(result.coverage).toBeCloseTo(12 / 20, 12);
    expect(result.empiricalRisk).toBeCloseTo(1 / 20, 12);
    expect(result.riskBound).toBeCloseTo(2 / 21, 12);
  });

  it('needs n ≥ 1/α − 1 cases before anything is automatic', () => {
    // 1/(n + 1) ≤ 0.1 from n = 9: with 8 clean cases even the top threshold fails.
    const clean = (n: number) => certifyBudget({ scores: Array(n).fill(0.99), isError: Array(n).fill(0), grid: [0.9], alpha: 0.1 });
    expect(clean(8)).toMatchObject({ threshold: null, coverage: 0, cases: 0, riskBound: null, calibrationSize: 8 });
    expect(clean(9)).toMatchObject({ threshold: 0.9, coverage: 1, cases: 9, errors: 0, empiricalRisk: 0 });
    expect(clean(9).riskBound).toBeCloseTo(0.1, 15);
    expect(() => certifyBudget({ scores: [0.5], isError: [0], grid: [0.5], alpha: 1 })).toThrow(/\(0, 1\)/);
  });

  it('keeps the expected share of traffic automatic and wrong at most α, and close to it', () => {
    // Scores uniform on [0, 1], wrong with probability 0.3·(1 − score): the true share automatic and wrong at λ is
    // ∫_λ¹ 0.3·(1 − s) ds = 0.15·(1 − λ)². Conformal risk control promises E[R(λ̂)] ≤ α over calibration sets, and
    // with a continuous score and a fine grid it is tight: E[R(λ̂)] ≥ α − 2/(n + 1).
    const alpha = 0.05;
    const n = 200;
    const runs = 2000;
    const grid = defaultThresholdGrid();
    const rng = createRng(7);
    const risks: number[] = [];
    for (let run = 0; run < runs; run++) {
      const scores = Array.from({ length: n }, () => rng.next());
      const isError = scores.map((score) => (rng.next() < 0.3 * (1 - score) ? 1 : 0));
      const { threshold } = certifyBudget({ scores, isError, grid, alpha });
      risks.push(threshold === null ? 0 : 0.15 * (1 - threshold) ** 2);
    }
    const mean = risks.reduce((sum, risk) => sum + risk, 0) / runs;
    const sd = Math.sqrt(risks.reduce((sum, risk) => sum + (risk - mean) ** 2, 0) / (runs - 1));
    const slack = (3 * sd) / Math.sqrt(runs);
    expect(mean).toBeLessThanOrEqual(alpha + slack);
    expect(mean).toBeGreaterThanOrEqual(alpha - 2 / (n + 1) - slack);
    // One calibration set can overshoot: the guarantee is on the average, not on every run.
    expect(risks.some((risk) => risk > alpha)).toBe(true);
  });
});

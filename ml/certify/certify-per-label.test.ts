import { describe, expect, it } from 'vitest';
import { createRng } from '@/ml/random';
import { certifyPerLabel } from './certify-per-label';
import { certifyThreshold, defaultThresholdGrid } from './learn-then-test';
import { clopperPearsonUpperByBeta } from './testing/reference-binomial';

/** `count` cases predicted as `label` at `score`, the first `wrong` of them errors. */
const block = (label: string, score: number, count: number, wrong: number) =>
  Array.from({ length: count }, (_, i) => ({ label, score, isError: i < wrong ? 1 : 0 }));

describe('certifyPerLabel', () => {
  // A (target 90%): 25 right at 0.95, 10 at 0.85 with 1 wrong. B (target 80%): 5 right at 0.95, 20 at 0.75
  // with 1 wrong, 5 wrong at 0.65. C: no target, 10 right at 0.99.
  const cases = [...block('A', 0.95, 25, 0), ...block('A', 0.85, 10, 1), ...block('B', 0.95, 5, 0), ...block('B', 0.75, 20, 1), ...block('B', 0.65, 5, 5), ...block('C', 0.99, 10, 0)];
  const input = {
    scores: cases.map((c) => c.score),
    predicted: cases.map((c) => c.label),
    isError: cases.map((c) => c.isError),
    minPrecision: { A: 0.9, B: 0.8 },
    grid: [0.9, 0.8, 0.7],
    delta: 0.2,
  };

  it('certifies each label at δ/L for its own precision (hand-computed)', () => {
    const result = certifyPerLabel(input);
    // Two labels with a target: each tested at δ/2 = 0.1.
    expect(result.deltaPerLabel).toBeCloseTo(0.1, 15);
    // A, α = 0.1: λ 0.9, 25 clean cases, 0.9²⁵ = 0.072 ≤ 0.1; λ 0.8, 1 error in 35, 0.9³⁵ + 35·0.1·0.9³⁴ = 0.122 > 0.1: stop.
    // B, α = 0.2, needs 11 cases (0.8¹⁰ = 0.107 > 0.1 ≥ 0.8¹¹): 0.9 and 0.8 (5 cases) passed over;
    // λ 0.7, 1 error in 25, 0.8²⁵ + 25·0.2·0.8²⁴ = 0.027 ≤ 0.1. The 5 errors at 0.65 clear no threshold.
    expect(result.labels.map(({ label, minPrecision, predicted, threshold, cases, errors }) => [label, minPrecision, predicted, threshold, cases, errors])).toEqual([
      ['A', 0.9, 35, 0.9, 25, 0],
      ['B', 0.8, 30, 0.7, 25, 1],
      ['C', null, 10, null, 0, 0],
    ]);
    const [a, b, c] = result.labels;
    expect(a!.coverage).toBeCloseTo(25 / 35, 12);
    expect(a!.errorUpperBound).toBeCloseTo(1 - 0.1 ** (1 / 25), 12);
    expect(b!.coverage).toBeCloseTo(25 / 30, 12);
    expect(b!.errorUpperBound).toBeCloseTo(clopperPearsonUpperByBeta(1, 25, 0.1), 9);
    expect(c).toMatchObject({ coverage: 0, errorUpperBound: 1 });
    // Overall: 50 of 75 cases decided automatically, 1 of them wrong.
    expect(result).toMatchObject({ calibrationSize: 75, cases: 50, errors: 1 });
    expect(result.coverage).toBeCloseTo(50 / 75, 12);
    expect(result.errorUpperBound).toBeCloseTo(clopperPearsonUpperByBeta(1, 50, 0.2), 9);
  });

  it('pays for the joint guarantee: alone at the full δ, label A would go down to 0.7', () => {
    const a = cases.filter((c) => c.label === 'A');
    const alone = certifyThreshold({ scores: a.map((c) => c.score), isError: a.map((c) => c.isError), grid: input.grid, alpha: 0.1, delta: 0.2 });
    expect(alone.threshold).toBe(0.7);
    expect(certifyPerLabel(input).labels[0]!.threshold).toBe(0.9);
  });

  it('counts a target without predictions in L, and refuses targets it cannot certify', () => {
    const result = certifyPerLabel({ ...input, minPrecision: { A: 0.9, B: 0.8, D: 0.99 } });
    expect(result.deltaPerLabel).toBeCloseTo(0.2 / 3, 15);
    expect(result.labels.find((label) => label.label === 'D')).toMatchObject({ predicted: 0, threshold: null, cases: 0 });
    expect(() => certifyPerLabel({ ...input, minPrecision: {} })).toThrow(/at least one/);
    expect(() => certifyPerLabel({ ...input, minPrecision: { A: 1 } })).toThrow(/\(0, 1\)/);
    expect(() => certifyPerLabel({ ...input, predicted: ['A'] })).toThrow(/predictions/);
  });

  it('holds every label’s precision at once in at least 1 − δ of calibration sets', () => {
    // Scores uniform on [0, 1]; a case predicted as A is wrong with probability 0.3·(1 − score), as B 0.5·(1 − score),
    // so above λ the error rate is 0.15·(1 − λ) for A and 0.25·(1 − λ) for B: A reaches 95% precision from λ = 2/3,
    // B 90% from λ = 0.6. C, wrong half the time, has no target.
    const slope: Record<string, number> = { A: 0.3, B: 0.5, C: 1 };
    const minPrecision = { A: 0.95, B: 0.9 };
    const delta = 0.1;
    const grid = defaultThresholdGrid();
    const rng = createRng(2024);
    const runs = 300;
    let violations = 0;
    const certified = { A: 0, B: 0 };
    for (let run = 0; run < runs; run++) {
      const predicted = Array.from({ length: 1500 }, () => { const u = rng.next(); return u < 0.4 ? 'A' : u < 0.8 ? 'B' : 'C'; });
      const scores = predicted.map(() => rng.next());
      const isError = scores.map((score, i) => (rng.next() < (predicted[i] === 'C' ? 0.5 : slope[predicted[i]!]! * (1 - score)) ? 1 : 0));
      const result = certifyPerLabel({ scores, predicted, isError, minPrecision, grid, delta });
      let isViolated = false;
      for (const label of ['A', 'B'] as const) {
        const { threshold } = result.labels.find((l) => l.label === label)!;
        if (threshold === null) continue;
        certified[label]++;
        if (1 - (slope[label]! / 2) * (1 - threshold) < minPrecision[label]) isViolated = true;
      }
      if (isViolated) violations++;
      expect(result.labels.find((l) => l.label === 'C')!.threshold).toBeNull();
    }
    // Not vacuous: most runs certify something (fixed sequence stops at its first failure, often near the top
    // where the first threshold tested has barely enough cases and must have no error at all).
    expect(certified.A).toBeGreaterThan(runs / 4);
    expect(certified.B).toBeGreaterThan(runs / 2);
    expect(violations / runs).toBeLessThanOrEqual(delta);
  });
});

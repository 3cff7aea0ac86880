import { describe, expect, it } from 'vitest';
import { computeProportionDifferenceInterval } from './proportion-difference';

describe('computeProportionDifferenceInterval', () => {
  it('matches Newcombe’s published hybrid score intervals (1998, Table II, method 10)', () => {
    const cases: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [0, 10, 0, 10, -0.2775, 0.2775],
      [10, 10, 0, 20, 0.6791, 1],
      [10, 10, 0, 10, 0.6075, 1],
    ];
    for (const [x1, n1, x2, n2, low, high] of cases) {
      const result = computeProportionDifferenceInterval(x1, n1, x2, n2)!;
      expect(result.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
      expect(result.ci95[0]).toBeCloseTo(low, 4);
      expect(result.ci95[1]).toBeCloseTo(high, 4);
    }
  });

  it('is antisymmetric and null when a side has no observations', () => {
    const forward = computeProportionDifferenceInterval(9, 10, 3, 10)!;
    const backward = computeProportionDifferenceInterval(3, 10, 9, 10)!;
    expect(backward.ci95[0]).toBeCloseTo(-forward.ci95[1], 12);
    expect(backward.ci95[1]).toBeCloseTo(-forward.ci95[0], 12);
    expect(computeProportionDifferenceInterval(1, 2, 0, 0)).toBeNull();
  });
});

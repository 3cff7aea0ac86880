import { describe, expect, it } from 'vitest';
import { computeWilsonInterval } from './wilson-interval';

describe('computeWilsonInterval', () => {
  it('matches published values', () => {
    // Newcombe (1998), Table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of cases) {
      const [l, h] = computeWilsonInterval(x, n)!;
      expect(l).toBeCloseTo(low, 4);
      expect(h).toBeCloseTo(high, 4);
    }
  });

  it('is null without observations and rejects impossible counts', () => {
    expect(computeWilsonInterval(0, 0)).toBeNull();
    expect(() => computeWilsonInterval(5, 4)).toThrow(RangeError);
  });
});

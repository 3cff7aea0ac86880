import { describe, expect, it } from 'vitest';
import { computeNiceTicks } from './nice-ticks';

describe('computeNiceTicks', () => {
  it('turns a 20–500 label axis into steps of 100 from 0 (it showed 20/170/320/470/500)', () => {
    expect(computeNiceTicks(20, 500, { isInteger: true })).toEqual({ domain: [0, 500], ticks: [0, 100, 200, 300, 400, 500], step: 100 });
  });

  it('uses 1, 2 or 5 times a power of ten', () => {
    for (const [min, max] of [
      [0, 7],
      [3, 1234],
      [0.61, 0.97],
      [-0.13, 1],
      [0, 86_000],
    ] as const) {
      const { ticks, step } = computeNiceTicks(min, max);
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5]).toContain(Number(mantissa.toFixed(6)));
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      for (const tick of ticks) expect(Math.abs(Number((tick / step).toFixed(6)) % 1)).toBe(0);
    }
  });

  it('gives clean decimals for shares and stays inside the bounds', () => {
    expect(computeNiceTicks(0.61, 0.97, { bounds: [0, 1] }).ticks).toEqual([0.6, 0.7, 0.8, 0.9, 1]);
    expect(computeNiceTicks(-0.13, 1, { bounds: [-1, 1] }).ticks).toEqual([-0.5, 0, 0.5, 1]);
    expect(computeNiceTicks(0, 1.04, { bounds: [0, 1] }).domain).toEqual([0, 1]);
  });

  it('widens a single value into a range and keeps label counts whole', () => {
    expect(computeNiceTicks(40, 40, { isInteger: true }).ticks).toEqual([36, 38, 40, 42, 44]);
    expect(computeNiceTicks(0, 3, { isInteger: true }).step).toBe(1);
  });

  it('refuses what is not a number', () => {
    expect(() => computeNiceTicks(Number.NaN, 1)).toThrow(/finite/);
  });
});

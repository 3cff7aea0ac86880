import { describe, expect, it } from 'vitest';
import { computeCalibration } from './calibration';

describe('computeCalibration', () => {
  it('computes ECE over ten equal-width bins', () => {
    // confidence, correct → bin
    //   0.95 yes → [0.9, 1)     0.92 no → [0.9, 1)
    //   0.72 yes → [0.7, 0.8)   0.60 yes → [0.6, 0.7)   0.55 no → [0.5, 0.6)
    // bin 9: n 2, acc 0.5, conf 0.935 → 2/5 · 0.435 = 0.174
    // bin 7: n 1, acc 1, conf 0.72 → 1/5 · 0.28 = 0.056
    // bin 6: n 1, acc 1, conf 0.60 → 1/5 · 0.40 = 0.080
    // bin 5: n 1, acc 0, conf 0.55 → 1/5 · 0.55 = 0.110
    // ECE = 0.174 + 0.056 + 0.080 + 0.110 = 0.42
    const { ece, bins } = computeCalibration([0.95, 0.92, 0.72, 0.6, 0.55], [1, 0, 1, 1, 0]);
    expect(ece).toBeCloseTo(0.42, 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0, 2]);
    expect(bins[9]).toMatchObject({ lower: 0.9, upper: 1, count: 2, accuracy: 0.5 });
    expect(bins[9]!.meanConfidence).toBeCloseTo(0.935, 10);
    expect(bins[0]!.accuracy).toBeNaN();
  });

  it('puts confidence 1 in the last bin and is 0 for a perfectly calibrated set', () => {
    const { ece, bins } = computeCalibration([1, 1], [1, 1], 5);
    expect(bins[4]!.count).toBe(2);
    expect(ece).toBe(0);
  });
});

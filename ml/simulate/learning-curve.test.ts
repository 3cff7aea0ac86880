import { describe, expect, it } from 'vitest';
import { averageCurves, computeAulc, findLabelsToReach } from './learning-curve';

const point = (labels: number, accuracy: number, macroF1 = accuracy) => ({ labels, accuracy, macroF1 });

describe('learning curves', () => {
  it('averages runs pointwise and drops label counts not every run reached', () => {
    const mean = averageCurves([
      [point(10, 0.6), point(20, 0.8), point(30, 0.9)],
      [point(10, 0.4), point(20, 0.7)],
    ]);
    expect(mean.map((p) => p.labels)).toEqual([10, 20]);
    expect(mean[0]).toMatchObject({ accuracy: 0.5, accuracyMin: 0.4, accuracyMax: 0.6, runs: 2 });
    expect(mean[1]!.accuracy).toBeCloseTo(0.75, 10);
  });

  it('normalises the area under the curve by the label range', () => {
    // Trapezoids: (0.5 + 0.7)/2 · 10 + (0.7 + 0.9)/2 · 20 = 6 + 16 = 22, over 30 labels → 0.7333…
    expect(computeAulc([point(10, 0.5), point(20, 0.7), point(40, 0.9)])).toBeCloseTo(22 / 30, 10);
    expect(computeAulc([point(10, 0.8)])).toBe(0.8);
    expect(computeAulc([])).toBeNull();
  });

  it('finds the first label count at 95% of full-data accuracy', () => {
    // 0.95 × 0.9 = 0.855: reached at 30 (0.86), not at 20 (0.85).
    const curve = [point(10, 0.7), point(20, 0.85), point(30, 0.86), point(40, 0.84)];
    expect(findLabelsToReach(curve, 0.9)).toBe(30);
    expect(findLabelsToReach(curve, 0.99)).toBeNull();
  });
});

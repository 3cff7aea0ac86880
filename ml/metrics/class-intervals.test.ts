import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from './bootstrap';
import { computeClassIntervals } from './class-intervals';
import { computeClassMetrics } from './classification-report';
import { computeConfusionMatrix } from './confusion-matrix';

describe('computeClassIntervals', () => {
  const yTrue = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
  const yPred = [0, 0, 1, 1, 1, 1, 0, 2, 2, 1];

  it('matches a per-statistic bootstrap with the same seed', () => {
    const intervals = computeClassIntervals({ yTrue, yPred, numClasses: 3, seed: 9, samples: 300 });
    for (let c = 0; c < 3; c++) {
      for (const stat of ['precision', 'recall', 'f1'] as const) {
        const reference = bootstrapInterval(
          yTrue.length,
          (idx) => computeClassMetrics(computeConfusionMatrix(yTrue, yPred, 3, idx))[c]![stat],
          { samples: 300, seed: 9 },
        );
        expect(intervals[c]![stat]).toEqual(reference);
      }
    }
  });

  it('is a point when every prediction is right', () => {
    const intervals = computeClassIntervals({ yTrue: [0, 1, 1, 0], yPred: [0, 1, 1, 0], numClasses: 2, seed: 1, samples: 50 });
    // Class 1 is absent from some resamples: sklearn's zero_division gives 0 there, so only
    // the upper end is pinned at 1.
    expect(intervals[0]!.precision[1]).toBe(1);
    expect(intervals[1]!.f1[1]).toBe(1);
  });
});

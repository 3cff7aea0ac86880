import { describe, expect, it } from 'vitest';
import { encodeLabelSets } from './label-matrix';
import { computeMultilabelMetrics } from './multilabel-metrics';

describe('computeMultilabelMetrics', () => {
  it('matches a hand computation', () => {
    // truth {0,1} {1} {} {2};  predicted {0} {1,2} {} {0}.
    // label 0: support 1, predicted 2, tp 1 → P 1/2, R 1, F1 2/3.
    // label 1: support 2, predicted 1, tp 1 → P 1, R 1/2, F1 2/3.
    // label 2: support 1, predicted 1, tp 0 → F1 0.
    // micro: tp 2, predicted 4, true 4 → P = R = F1 = 1/2; macro (2/3 + 2/3 + 0)/3 = 4/9.
    // exact sets: only the empty one (1/4); wrong cells 1 + 1 + 0 + 2 = 4 of 12 (Hamming 1/3).
    const truth = encodeLabelSets([[0, 1], [1], [], [2]], 3);
    const predicted = encodeLabelSets([[0], [1, 2], [], [0]], 3);
    const m = computeMultilabelMetrics(truth, predicted, 3);
    expect(m.perLabel.map((l) => [l.precision, l.recall, l.f1, l.support, l.predicted])).toEqual([
      [0.5, 1, 2 / 3, 1, 2],
      [1, 0.5, 2 / 3, 2, 1],
      [0, 0, 0, 1, 1],
    ]);
    expect(m.microPrecision).toBe(0.5);
    expect(m.microRecall).toBe(0.5);
    expect(m.microF1).toBe(0.5);
    expect(m.macroF1).toBeCloseTo(4 / 9, 12);
    expect(m.subsetAccuracy).toBe(0.25);
    expect(m.hammingLoss).toBeCloseTo(1 / 3, 12);
  });

  it('leaves a label nobody has nor predicts out of the macro average', () => {
    const m = computeMultilabelMetrics(encodeLabelSets([[0], [0]], 2), encodeLabelSets([[0], []], 2), 2);
    // Label 0: P 1, R 1/2, F1 2/3; label 1 absent everywhere.
    expect(m.perLabel[1]!.isPresent).toBe(false);
    expect(m.macroF1).toBeCloseTo(2 / 3, 12);
  });
});

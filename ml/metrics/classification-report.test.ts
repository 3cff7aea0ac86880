import { describe, expect, it } from 'vitest';
import { computeAccuracy, computeClassMetrics, computeMacroF1 } from './classification-report';
import { computeConfusionMatrix } from './confusion-matrix';

// y_true = [0,0,0,1,1,2,2,2,2,0], y_pred = [0,1,0,1,2,2,2,1,2,0] gives
//   [[3,1,0],
//    [0,1,1],
//    [0,1,3]]
const CONFUSION = [
  [3, 1, 0],
  [0, 1, 1],
  [0, 1, 3],
];

describe('classification metrics (sklearn definitions)', () => {
  it('computes accuracy = trace / n', () => {
    // (3 + 1 + 3) / 10
    expect(computeAccuracy(CONFUSION)).toBeCloseTo(0.7, 10);
  });

  it('computes per-class precision, recall and F1', () => {
    // class 0: tp 3, predicted 3, support 4 → P 1, R 0.75, F1 2·0.75/1.75 = 0.857143
    // class 1: tp 1, predicted 3, support 2 → P 1/3, R 1/2, F1 2·(1/6)/(5/6) = 0.4
    // class 2: tp 3, predicted 4, support 4 → P 0.75, R 0.75, F1 0.75
    const metrics = computeClassMetrics(CONFUSION);
    const rounded = metrics.map(({ precision, recall, f1, support, predicted }) => [precision, recall, f1, support, predicted].map((v) => Number(v.toFixed(6))));
    expect(rounded).toEqual([
      [1, 0.75, 0.857143, 4, 3],
      [0.333333, 0.5, 0.4, 2, 3],
      [0.75, 0.75, 0.75, 4, 4],
    ]);
    // macro F1 = (0.857143 + 0.4 + 0.75) / 3 = 0.669048, as sklearn f1_score(average='macro')
    expect(computeMacroF1(metrics)).toBeCloseTo(0.669048, 6);
  });

  it('leaves classes absent from y_true and y_pred out of the macro average', () => {
    const withUnusedClass = computeConfusionMatrix([0, 0, 0, 1, 1, 2, 2, 2, 2, 0], [0, 1, 0, 1, 2, 2, 2, 1, 2, 0], 4);
    const metrics = computeClassMetrics(withUnusedClass);
    expect(metrics[3]).toEqual({ label: 3, precision: 0, recall: 0, f1: 0, support: 0, predicted: 0, isPresent: false });
    expect(computeMacroF1(metrics)).toBeCloseTo(0.669048, 6);
  });

  it('scores a class predicted but never true as F1 = 0 and keeps it in the average', () => {
    // y_true = [0, 0], y_pred = [0, 1]
    // class 0: P 1, R 0.5, F1 0.666667; class 1: P 0/1 = 0, R 0/0 → 0, F1 0
    // macro = (0.666667 + 0) / 2 = 0.333333 (sklearn gives the same, with a warning)
    const metrics = computeClassMetrics(computeConfusionMatrix([0, 0], [0, 1], 2));
    expect(metrics[1]!.f1).toBe(0);
    expect(metrics[1]!.isPresent).toBe(true);
    expect(computeMacroF1(metrics)).toBeCloseTo(1 / 3, 6);
  });

  it('is undefined (NaN) with no items', () => {
    const empty = computeConfusionMatrix([], [], 2);
    expect(computeAccuracy(empty)).toBeNaN();
    expect(computeMacroF1(computeClassMetrics(empty))).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { computeConfusionMatrix } from './confusion-matrix';
import { computePredictedLabels } from './predicted-labels';

describe('computeConfusionMatrix', () => {
  it('counts rows by true class and columns by prediction', () => {
    // (t, p): (0,0) (0,1) (0,0) (1,1) (1,2) (2,2) (2,2) (2,1) (2,2) (0,0)
    const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
    const yPred = [0, 1, 0, 1, 2, 2, 2, 1, 2, 0];
    expect(computeConfusionMatrix(yTrue, yPred, 3)).toEqual([
      [3, 1, 0],
      [0, 1, 1],
      [0, 1, 3],
    ]);
  });

  it('follows (possibly repeated) resample indices', () => {
    expect(computeConfusionMatrix([0, 1], [1, 1], 2, [1, 1, 0])).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(() => computeConfusionMatrix([0, 2], [0, 0], 2)).toThrow(RangeError);
  });
});

describe('computePredictedLabels', () => {
  it('takes the argmax, ties to the lower class', () => {
    expect(Array.from(computePredictedLabels(Float32Array.from([0.2, 0.8, 0.5, 0.5]), 2))).toEqual([1, 0]);
  });
});

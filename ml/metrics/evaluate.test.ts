import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from './evaluate';

describe('evaluateClassifier', () => {
  // Same items as the confusion-matrix example: argmax gives y_pred = [0,1,0,1,2,2,2,1,2,0].
  const yTrue = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 0]);
  const yPred = [0, 1, 0, 1, 2, 2, 2, 1, 2, 0];
  // Every prediction at confidence 0.8 (the other two classes 0.1 each).
  const probs = Float32Array.from(yPred.flatMap((p) => [0, 1, 2].map((c) => (c === p ? 0.8 : 0.1))));

  it('reports point estimates with bootstrap intervals around them', () => {
    const result = evaluateClassifier({ yTrue, probs, numClasses: 3, seed: 1, bootstrapSamples: 300 });
    expect(result.n).toBe(10);
    expect(result.accuracy.value).toBeCloseTo(0.7, 10);
    expect(result.macroF1.value).toBeCloseTo(0.669048, 6);
    expect(result.confusion).toEqual([
      [3, 1, 0],
      [0, 1, 1],
      [0, 1, 3],
    ]);
    expect(result.perClass.map((m) => Number(m.f1.toFixed(6)))).toEqual([0.857143, 0.4, 0.75]);
    // All confidences 0.8 land in bin [0.8, 0.9): ECE = |0.7 − 0.8| = 0.1 (float32 0.8 ≈ 0.80000001)
    expect(result.ece.value).toBeCloseTo(0.1, 6);
    expect(result.ece.bins[8]!.count).toBe(10);
    for (const metric of [result.accuracy, result.macroF1, result.ece]) {
      const [low, high] = metric.ci95;
      expect(low).toBeLessThanOrEqual(metric.value + 1e-9);
      expect(high).toBeGreaterThanOrEqual(metric.value - 1e-9);
    }
    expect(result.accuracy.ci95[0]).toBeGreaterThanOrEqual(0);
    expect(result.accuracy.ci95[1]).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed and refuses an empty set', () => {
    const run = () => evaluateClassifier({ yTrue, probs, numClasses: 3, seed: 7, bootstrapSamples: 100 });
    expect(run()).toEqual(run());
    expect(() => evaluateClassifier({ yTrue: [], probs: new Float32Array(0), numClasses: 3, seed: 1 })).toThrow(RangeError);
  });
});

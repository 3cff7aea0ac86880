import { describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate-model';

// Two classes; each row is p(class 0), p(class 1).
const probsFor = (predicted: number[]) => Float32Array.from(predicted.flatMap((c) => (c === 0 ? [0.9, 0.1] : [0.1, 0.9])));

describe('evaluateModel against the majority-class baseline', () => {
  it('fails a version that does no better than always answering the commonest label', () => {
    // 7 of 10 are class 0: the baseline scores 0.7; this model also gets 7 right.
    const yTrue = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const evaluation = evaluateModel({ probs: probsFor([0, 0, 0, 0, 0, 1, 1, 0, 1, 1]), yTrue, numClasses: 2, seed: 1, bootstrapSamples: 50 });
    expect(evaluation.majorityBaseline).toEqual({ classIndex: 0, accuracy: 0.7 });
    expect(evaluation.accuracy.value).toBeCloseTo(0.7, 10);
    expect(evaluation.beatsBaseline).toBe(false);
  });

  it('passes a version above the baseline, and a perfect one on a one-class evaluation set', () => {
    const yTrue = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(evaluateModel({ probs: probsFor([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]), yTrue, numClasses: 2, seed: 1, bootstrapSamples: 50 }).beatsBaseline).toBe(true);
    const oneClass = Int32Array.from([1, 1, 1, 1]);
    expect(evaluateModel({ probs: probsFor([1, 1, 1, 1]), yTrue: oneClass, numClasses: 2, seed: 1, bootstrapSamples: 50 }).beatsBaseline).toBe(true);
  });
});

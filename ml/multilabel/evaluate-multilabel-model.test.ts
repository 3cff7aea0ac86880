import { describe, expect, it } from 'vitest';
import { computeMultilabelBaseline, evaluateMultilabelModel } from './evaluate-multilabel-model';

describe('evaluateMultilabelModel', () => {
  // Four items, labels (a, b). Truth: {a}, {a, b}, {}, {b}. At thresholds 0.5 the model predicts
  // {a}, {a}, {a}, {b}.
  const truth = Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 1]);
  const probs = Float32Array.from([0.9, 0.2, 0.6, 0.4, 0.7, 0.1, 0.3, 0.8]);

  it('gives the figures counted on paper, with intervals around them', () => {
    const evaluation = evaluateMultilabelModel({ probs, thresholds: [0.5, 0.5], truth, numLabels: 2, seed: 1, bootstrapSamples: 500 });
    // a: tp 2, fp 1 (item 3), fn 0 → P 2/3, R 1, F1 0.8. b: tp 1, fp 0, fn 1 (item 2) → P 1, R ½, F1 ⅔.
    expect(evaluation.perLabel[0]).toMatchObject({ precision: 2 / 3, recall: 1, support: 2, predicted: 3 });
    expect(evaluation.perLabel[0]!.f1).toBeCloseTo(0.8, 12);
    expect(evaluation.perLabel[1]).toMatchObject({ precision: 1, recall: 0.5, support: 2, predicted: 1 });
    expect(evaluation.perLabel[1]!.f1).toBeCloseTo(2 / 3, 12);
    // Pooled: tp 3 of 4 predicted and 4 true → micro-F1 2·3/(4 + 4) = 0.75; macro-F1 (0.8 + ⅔)/2 = 0.7333.
    expect(evaluation.microF1.value).toBeCloseTo(0.75, 12);
    expect(evaluation.macroF1.value).toBeCloseTo(11 / 15, 12);
    // Items 1 and 4 are exactly right; 2 of the 8 cells are wrong.
    expect(evaluation.subsetAccuracy).toBe(0.5);
    expect(evaluation.hammingLoss).toBe(0.25);
    for (const metric of [evaluation.microF1, evaluation.macroF1]) {
      expect(metric.ci95[0]).toBeLessThanOrEqual(metric.value);
      expect(metric.ci95[1]).toBeGreaterThanOrEqual(metric.value);
    }
    // b is predicted once, rightly: a resample with that item has precision 1, one without it 0 (scikit-learn's zero division).
    expect(evaluation.perLabelIntervals[1]!.precision).toEqual([0, 1]);
    // Same seed, same resamples.
    expect(evaluateMultilabelModel({ probs, thresholds: [0.5, 0.5], truth, numLabels: 2, seed: 1, bootstrapSamples: 500 }).microF1.ci95).toEqual(evaluation.microF1.ci95);
  });

  it('judges the model against the best constant answer', () => {
    // Neither label is on more than half of the items, so each label's majority answer is {} (micro-F1 0);
    // every set occurs once and the first, {a}, is the commonest: answering {a} everywhere has tp 2 of 4
    // predicted and 4 true, micro-F1 0.5, and macro-F1 (⅔ + 0)/2.
    const baseline = computeMultilabelBaseline(truth, 2);
    expect(baseline).toMatchObject({ kind: 'most_frequent_set', labels: [0], microF1: 0.5 });
    expect(baseline.macroF1).toBeCloseTo(1 / 3, 12);
    expect(evaluateMultilabelModel({ probs, thresholds: [0.5, 0.5], truth, numLabels: 2, seed: 1, bootstrapSamples: 10 }).beatsBaseline).toBe(true);
    // Thresholds of 0.95 predict nothing: micro-F1 0, below the baseline.
    expect(evaluateMultilabelModel({ probs, thresholds: [0.95, 0.95], truth, numLabels: 2, seed: 1, bootstrapSamples: 10 }).beatsBaseline).toBe(false);
    // A label on most items: its majority answer beats the commonest set. Truth {a}, {a}, {a, b}: majority {a}
    // gives tp 3 of 3 predicted and 4 true → 6/7; the commonest set {a} is the same answer.
    expect(computeMultilabelBaseline(Uint8Array.from([1, 0, 1, 0, 1, 1]), 2)).toMatchObject({ labels: [0], microF1: 6 / 7 });
  });
});

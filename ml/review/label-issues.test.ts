import { describe, expect, it } from 'vitest';
import { computeClassThresholds, findConfidentDisagreements, findLabelIssues } from './label-issues';

// Six items, three classes. Out-of-fold probabilities by hand:
//   item 0, labeled 0: [0.8, 0.1, 0.1]
//   item 1, labeled 0: [0.6, 0.3, 0.1]
//   item 2, labeled 0: [0.1, 0.85, 0.05]   ← looks like class 1
//   item 3, labeled 1: [0.2, 0.7, 0.1]
//   item 4, labeled 1: [0.3, 0.6, 0.1]
//   item 5, labeled 2: [0.45, 0.15, 0.4]   ← class 2 is hard for the model
const PROBS = Float32Array.from([0.8, 0.1, 0.1, 0.6, 0.3, 0.1, 0.1, 0.85, 0.05, 0.2, 0.7, 0.1, 0.3, 0.6, 0.1, 0.45, 0.15, 0.4]);
const LABELS = Int32Array.from([0, 0, 0, 1, 1, 2]);

describe('confident learning', () => {
  it('computes per-class thresholds as the mean self-confidence', () => {
    // t0 = (0.8 + 0.6 + 0.1) / 3 = 0.5, t1 = (0.7 + 0.6) / 2 = 0.65, t2 = 0.4
    const thresholds = computeClassThresholds({ probs: PROBS, labels: LABELS, numClasses: 3 });
    expect(thresholds[0]).toBeCloseTo(0.5, 6);
    expect(thresholds[1]).toBeCloseTo(0.65, 6);
    expect(thresholds[2]).toBeCloseTo(0.4, 6);
  });

  it('flags labels whose confident class differs, most suspicious first', () => {
    // item 2: classes above threshold: 1 (0.85 ≥ 0.65) → flagged 0 → 1.
    // item 4: class 1 0.6 < 0.65, class 0 0.3 < 0.5: nothing confident → kept.
    // item 5: class 2 0.4 ≥ 0.4 and class 0 0.45 < 0.5 → j* = 2 = its label → kept, although
    //         argmax says 0: the per-class threshold protects the hard class.
    const issues = findLabelIssues({ probs: PROBS, labels: LABELS, numClasses: 3 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 2, given: 0, suggested: 1 });
    expect(issues[0]!.givenProbability).toBeCloseTo(0.1, 6);
    expect(issues[0]!.suggestedProbability).toBeCloseTo(0.85, 6);
  });

  it('never suggests a class nobody labeled', () => {
    // Nobody labeled class 2, so its NaN threshold can never be met.
    const probs = Float32Array.from([0.05, 0.05, 0.9, 0.9, 0.05, 0.05]);
    expect(findLabelIssues({ probs, labels: Int32Array.from([0, 0]), numClasses: 3 })).toEqual([]);
  });
});

describe('confident disagreements', () => {
  it('flags a different top class at or above the confidence bar', () => {
    // With a 0.8 bar only item 2 (0.85 for class 1) qualifies; at 0.44 item 5 joins (0.45 for class 0).
    expect(findConfidentDisagreements({ probs: PROBS, labels: LABELS, numClasses: 3, minConfidence: 0.8 }).map((i) => i.index)).toEqual([2]);
    const looser = findConfidentDisagreements({ probs: PROBS, labels: LABELS, numClasses: 3, minConfidence: 0.44 });
    // Sorted by p(given): item 2 (0.1) before item 5 (0.4).
    expect(looser.map((i) => [i.index, i.suggested])).toEqual([
      [2, 1],
      [5, 0],
    ]);
  });

  it('rejects mismatched shapes', () => {
    expect(() => findConfidentDisagreements({ probs: PROBS, labels: Int32Array.from([0]), numClasses: 3, minConfidence: 0.9 })).toThrow(RangeError);
  });
});

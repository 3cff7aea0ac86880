import { describe, expect, it } from 'vitest';
import { indexLabelSetRatings } from './label-set-ratings';
import { computePairwiseMicroF1 } from './pairwise-micro-f1';

describe('computePairwiseMicroF1', () => {
  it('scores annotators against each other like a model against the truth, each item once', () => {
    // u1: {a,b} vs {a} → 1 shared of 3 chosen. u2: {a}, {a}, {b} → pairs ({a},{a}) 1 of 2, ({a},{b}) twice 0 of 2:
    // per pair 1/3 shared of 2 chosen. u3: {} vs {} adds nothing. u4 has one answer and drops out.
    // micro-F1 = 2·(1 + 1/3) / (3 + 2) = 8/15.
    const index = indexLabelSetRatings([
      { item: 'u1', annotator: 'x', labels: ['a', 'b'] },
      { item: 'u1', annotator: 'y', labels: ['a'] },
      { item: 'u2', annotator: 'x', labels: ['a'] },
      { item: 'u2', annotator: 'y', labels: ['a'] },
      { item: 'u2', annotator: 'z', labels: ['b'] },
      { item: 'u3', annotator: 'x', labels: [] },
      { item: 'u3', annotator: 'y', labels: [] },
      { item: 'u4', annotator: 'x', labels: ['b'] },
    ]);
    expect(computePairwiseMicroF1(index).value).toBeCloseTo(8 / 15, 12);
  });

  it('is the micro-F1 of one annotator taken as the truth for the other, when there are two', () => {
    // Truth {a}, {a,b}, {}; other {a,b}, {a}, {b}: tp 2, true 3, predicted 4 → 2·2/7.
    const index = indexLabelSetRatings(
      [
        ['u1', ['a'], ['a', 'b']],
        ['u2', ['a', 'b'], ['a']],
        ['u3', [], ['b']],
      ].flatMap(([item, truth, other]) => [
        { item: item as string, annotator: 't', labels: truth as string[] },
        { item: item as string, annotator: 'o', labels: other as string[] },
      ]),
    );
    expect(computePairwiseMicroF1(index).value).toBeCloseTo(4 / 7, 12);
  });

  it('says why when there is nothing to score', () => {
    expect(computePairwiseMicroF1(indexLabelSetRatings([{ item: 'u', annotator: 'x', labels: ['a'] }]))).toMatchObject({ value: null, reason: 'no item has two or more ratings' });
    const empty = indexLabelSetRatings([
      { item: 'u', annotator: 'x', labels: [] },
      { item: 'u', annotator: 'y', labels: [] },
    ]);
    expect(computePairwiseMicroF1(empty).value).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { computeJaccardDistance, computeMasiDistance, NLTK_MASI_WEIGHTS } from './set-distances';

describe('computeMasiDistance', () => {
  it('reproduces NLTK’s documented example with NLTK’s rounded weights: {1,2} vs {1,2,3,4} = 0.665', () => {
    // NLTK doctest: masi_distance(set([1, 2]), set([1, 2, 3, 4])) → 0.665. J = 2/4, subset so M = 0.67: 1 − 0.5 · 0.67.
    expect(computeMasiDistance([1, 2], [1, 2, 3, 4], NLTK_MASI_WEIGHTS)).toBeCloseTo(0.665, 12);
  });

  it('follows Passonneau’s 2/3 by default: the same pair is 1 − 0.5 · 2/3 = 0.6667', () => {
    expect(computeMasiDistance([1, 2], [1, 2, 3, 4])).toBeCloseTo(2 / 3, 12);
  });

  it('reproduces NLTK’s demo pair {1,2,3,4} vs {3,4,5}: overlap, J = 2/5', () => {
    // NLTK: 1 − 0.4 · 0.33 = 0.868; Passonneau: 1 − 0.4/3 = 0.86667.
    expect(computeMasiDistance([1, 2, 3, 4], [3, 4, 5], NLTK_MASI_WEIGHTS)).toBeCloseTo(0.868, 12);
    expect(computeMasiDistance([1, 2, 3, 4], [3, 4, 5])).toBeCloseTo(1 - 0.4 / 3, 12);
  });

  it('is 0 for equal sets, 1 for disjoint ones, symmetric', () => {
    expect(computeMasiDistance([0, 3], [0, 3])).toBe(0);
    expect(computeMasiDistance([0], [1, 2])).toBe(1);
    expect(computeMasiDistance([1, 2, 3], [2, 5])).toBe(computeMasiDistance([2, 5], [1, 2, 3]));
  });

  it('treats "none of these" as a set: empty vs empty 0, empty vs non-empty 1', () => {
    expect(computeMasiDistance([], [])).toBe(0);
    expect(computeMasiDistance([], [2])).toBe(1);
    expect(computeMasiDistance([2, 4], [])).toBe(1);
  });
});

describe('computeJaccardDistance', () => {
  it('matches NLTK’s demo pair: {1,2,3,4} vs {3,4,5} = (5 − 2)/5 = 0.6', () => {
    expect(computeJaccardDistance([1, 2, 3, 4], [3, 4, 5])).toBeCloseTo(0.6, 12);
  });

  it('is 1 − |A∩B|/|A∪B| on a subset: {0} vs {0,1} = 0.5', () => {
    expect(computeJaccardDistance([0], [0, 1])).toBe(0.5);
  });

  it('treats the empty set like MASI does', () => {
    expect(computeJaccardDistance([], [])).toBe(0);
    expect(computeJaccardDistance([], [7])).toBe(1);
  });
});

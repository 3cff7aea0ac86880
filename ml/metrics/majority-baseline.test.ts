import { describe, expect, it } from 'vitest';
import { computeMajorityBaseline } from './majority-baseline';

describe('computeMajorityBaseline', () => {
  it('predicts the commonest class: 3 of 5 labels are class 2', () => {
    expect(computeMajorityBaseline([2, 0, 2, 1, 2], 3)).toEqual({ classIndex: 2, accuracy: 0.6 });
  });

  it('breaks ties toward the lower index and is NaN on no labels', () => {
    expect(computeMajorityBaseline([1, 0], 2)).toEqual({ classIndex: 0, accuracy: 0.5 });
    expect(computeMajorityBaseline([], 2).accuracy).toBeNaN();
  });
});

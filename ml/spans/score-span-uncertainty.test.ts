import { describe, expect, it } from 'vitest';
import { scoreSpanUncertainty } from './score-span-uncertainty';

describe('scoreSpanUncertainty', () => {
  // Item 0: tokens with max p 0.9, 0.5 → uncertainties 0.1, 0.5. Item 1: 0.7, 0.7, 0.7 → 0.3 each. Item 2: no tokens.
  const items = [Float32Array.from([0.9, 0.05, 0.05, 0.5, 0.3, 0.2]), Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.7, 0.2, 0.2, 0.1, 0.7]), new Float32Array(0)];

  it('aggregates least confidence per item by max, mean or sum', () => {
    expect(Array.from(scoreSpanUncertainty(items, 3, 'max'))).toEqual([0.5, expect.closeTo(0.3, 6), 0]);
    expect(Array.from(scoreSpanUncertainty(items, 3, 'mean'))).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.3, 6), 0]);
    expect(Array.from(scoreSpanUncertainty(items, 3, 'sum'))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.9, 6), 0]);
  });

  it('rejects a matrix that is not tokens × classes', () => {
    expect(() => scoreSpanUncertainty([new Float32Array(4)], 3)).toThrow(RangeError);
  });
});

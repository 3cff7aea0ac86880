import { describe, expect, it } from 'vitest';
import { scoreSpanTokens, scoreSpanUncertainty } from './score-span-uncertainty';

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

describe('scoreSpanTokens', () => {
  it('applies margin and entropy token by token, each non-negative, then aggregates', () => {
    // One token [0.5, 0.3, 0.2]: margin 1 − (0.5 − 0.3) = 0.8; entropy −Σ p ln p = 1.0297.
    // Another [1, 0, 0]: margin 0, entropy 0. Mean: 0.4 and 0.5149.
    const item = Float32Array.from([0.5, 0.3, 0.2, 1, 0, 0]);
    expect(scoreSpanTokens([item], 3, { measure: 'margin' })[0]).toBeCloseTo(0.4, 6);
    expect(scoreSpanTokens([item], 3, { measure: 'entropy', aggregate: 'sum' })[0]).toBeCloseTo(-(0.5 * Math.log(0.5) + 0.3 * Math.log(0.3) + 0.2 * Math.log(0.2)), 5);
    expect(scoreSpanTokens([item], 3, { measure: 'least_confidence', aggregate: 'max' })[0]).toBeCloseTo(0.5, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { scoreBald } from './bald';

function expectScores(actual: Float32Array, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
}

describe('scoreBald', () => {
  it('is H[mean p] − mean H[p] over the samples', () => {
    // Two samples, three items, two classes.
    const sampleA = Float32Array.from([1, 0, 0.5, 0.5, 0.9, 0.1]);
    const sampleB = Float32Array.from([0, 1, 0.5, 0.5, 0.5, 0.5]);
    // item 0: confident but opposite: H([0.5, 0.5]) − (0 + 0)/2 = ln 2 = 0.693147
    // item 1: both unsure in the same way: ln 2 − (ln 2 + ln 2)/2 = 0
    // item 2: mean [0.7, 0.3], H = 0.249672 + 0.361192 = 0.610864;
    //         H(0.9, 0.1) = 0.094825 + 0.230259 = 0.325083, H(0.5, 0.5) = 0.693147, mean 0.509115
    //         BALD = 0.610864 − 0.509115 = 0.101749
    expectScores(scoreBald([sampleA, sampleB], 2), [0.693147, 0, 0.101749]);
  });

  it('needs samples of one shape', () => {
    expect(() => scoreBald([], 2)).toThrow(RangeError);
    expect(() => scoreBald([new Float32Array(4), new Float32Array(6)], 2)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { computeCommitteeVotes, scoreVoteEntropy } from './committee';

function expectScores(actual: Float32Array, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
}

describe('query by committee', () => {
  it('takes each member’s argmax as its vote', () => {
    const memberA = Float32Array.from([0.6, 0.3, 0.1, 0.2, 0.2, 0.6]);
    const memberB = Float32Array.from([0.1, 0.8, 0.1, 0.5, 0.5, 0]);
    expect(computeCommitteeVotes([memberA, memberB], 3).map((v) => Array.from(v))).toEqual([
      [0, 2],
      [1, 0], // tie 0.5/0.5 goes to the lower class
    ]);
  });

  it('scores vote entropy −Σ (V/C) ln(V/C)', () => {
    // Three members; item 0 votes 0,0,0; item 1 votes 0,1,2; item 2 votes 0,0,1.
    const votes = [Int32Array.from([0, 0, 0]), Int32Array.from([0, 1, 0]), Int32Array.from([0, 2, 1])];
    // item 0: 0; item 1: ln 3 = 1.098612;
    // item 2: −(2/3 ln 2/3 + 1/3 ln 1/3) = 0.270310 + 0.366204 = 0.636514
    expectScores(scoreVoteEntropy(votes, 3), [0, 1.098612, 0.636514]);
    expect(() => scoreVoteEntropy([Int32Array.from([3])], 3)).toThrow(RangeError);
  });
});

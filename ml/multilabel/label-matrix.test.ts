import { describe, expect, it } from 'vitest';
import { decodeLabelSets, encodeLabelSets } from './label-matrix';

describe('label matrix', () => {
  it('round-trips sets, the empty set included, and rejects out-of-range labels', () => {
    const sets = [[2, 0], [], [1]];
    const matrix = encodeLabelSets(sets, 3);
    expect(Array.from(matrix)).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(decodeLabelSets(matrix, 3)).toEqual([[0, 2], [], [1]]);
    expect(() => encodeLabelSets([[3]], 3)).toThrow(RangeError);
  });
});

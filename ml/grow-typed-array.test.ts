import { describe, expect, it } from 'vitest';
import { growTypedArray } from './grow-typed-array';

describe('growTypedArray', () => {
  it('returns the same array when it is big enough', () => {
    const a = new Int32Array(4);
    expect(growTypedArray(a, 2, 4)).toBe(a);
  });

  it('at least doubles, keeps the used prefix and the element type', () => {
    const a = Float32Array.from([1, 2, 3]);
    const grown = growTypedArray(a, 2, 4);
    expect(grown).toBeInstanceOf(Float32Array);
    expect(grown.length).toBe(6);
    expect(Array.from(grown)).toEqual([1, 2, 0, 0, 0, 0]);
    expect(growTypedArray(new Uint16Array(2), 0, 9).length).toBe(9);
  });
});

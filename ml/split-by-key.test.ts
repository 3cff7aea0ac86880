import { describe, expect, it } from 'vitest';
import { splitByKey } from './split-by-key';

describe('splitByKey', () => {
  it('holds out about the fraction asked for', () => {
    const keys = Int32Array.from({ length: 10_000 }, (_, i) => i);
    const { trainIndices, validationIndices } = splitByKey(keys, 0.15, 7, 50);
    // Binomial(10000, 0.15): sd ≈ 36, so ±200 is over 5 sd.
    expect(Math.abs(validationIndices.length - 1500)).toBeLessThan(200);
    expect(trainIndices.length + validationIndices.length).toBe(10_000);
  });

  it('keeps an item held out (or not) as the label set grows, in any order', () => {
    const salt = 12345;
    const first = Int32Array.from({ length: 400 }, (_, i) => i * 3);
    const grown = Int32Array.from([...Array.from({ length: 400 }, (_, i) => 1200 + i), ...first].reverse());
    const heldOut = (keys: Int32Array) => new Set(Array.from(splitByKey(keys, 0.2, salt, 1).validationIndices, (i) => keys[i]!));
    const before = heldOut(first);
    const after = heldOut(grown);
    for (const key of first) expect(after.has(key)).toBe(before.has(key));
  });

  it('draws a different held-out share for another salt', () => {
    const keys = Int32Array.from({ length: 1000 }, (_, i) => i);
    const a = splitByKey(keys, 0.15, 1, 1).validationIndices;
    const b = new Set(splitByKey(keys, 0.15, 2, 1).validationIndices);
    const shared = Array.from(a).filter((i) => b.has(i)).length;
    // Independent shares overlap on about 0.15 of each other.
    expect(shared / a.length).toBeLessThan(0.4);
  });

  it('trains on everything when the held-out share would be too small', () => {
    const { trainIndices, validationIndices } = splitByKey([1, 2, 3, 4, 5], 0.15, 7, 50);
    expect(Array.from(trainIndices)).toEqual([0, 1, 2, 3, 4]);
    expect(validationIndices.length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { assignStableFolds } from './stable-folds';

describe('assignStableFolds', () => {
  const keys = Array.from({ length: 2_000 }, (_, i) => 1_000 + i * 7);

  it('keeps every item in its fold when labels are added', () => {
    const before = assignStableFolds(keys.slice(0, 1_500), 4, Infinity);
    const after = assignStableFolds([...keys.slice(0, 1_500).reverse(), ...keys.slice(1_500)], 4, Infinity);
    const foldAfter = new Map<number, number>();
    after.indices.forEach((index, r) => foldAfter.set([...keys.slice(0, 1_500).reverse(), ...keys.slice(1_500)][index]!, after.foldOf[r]!));
    before.indices.forEach((index, r) => expect(foldAfter.get(keys[index]!)).toBe(before.foldOf[r]));
  });

  it('balances the folds and keeps most of a capped subset as labels grow', () => {
    const { foldOf } = assignStableFolds(keys, 4, Infinity);
    const sizes = [0, 1, 2, 3].map((fold) => foldOf.filter((f) => f === fold).length);
    for (const size of sizes) expect(size).toBeGreaterThan(400);
    const small = assignStableFolds(keys.slice(0, 1_800), 4, 500);
    const large = assignStableFolds(keys, 4, 500);
    expect(small.indices.length).toBe(500);
    const kept = new Set(Array.from(large.indices, (i) => keys[i]));
    const shared = Array.from(small.indices, (i) => keys[i]).filter((key) => kept.has(key)).length;
    // 200 new items compete for 500 places among 2,000: about 450 of the old subset stay.
    expect(shared).toBeGreaterThan(400);
    expect(Array.from(large.indices)).toEqual(Array.from(large.indices).sort((a, b) => a - b));
  });

  it('refuses keys that are not integers', () => {
    expect(() => assignStableFolds([1, 2.5], 2, 10)).toThrow(/not an integer/);
  });
});

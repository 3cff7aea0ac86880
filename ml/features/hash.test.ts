import { describe, expect, it } from 'vitest';
import { hashCodeUnits, hashString } from './hash';

describe('hashString', () => {
  it('is pinned: stored models depend on these exact values', () => {
    // If these change, every saved featurizer config maps words to different buckets.
    expect(PINNED.map(([text, seed]) => hashString(text, seed))).toEqual(PINNED.map(([, , value]) => value));
  });

  it('hashes a substring like the same string on its own', () => {
    expect(hashCodeUnits('xxquorumyy', 2, 8, 7)).toBe(hashString('quorum', 7));
  });

  it('spreads low bits and the sign bit evenly', () => {
    const buckets = new Array<number>(64).fill(0);
    let negative = 0;
    const total = 64_000;
    for (let i = 0; i < total; i++) {
      const h = hashString(`token${i}`);
      buckets[h & 63]!++;
      if (h < 0) negative++;
    }
    // 1000 expected per bucket; 5 sigma ≈ 157.
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(160);
    expect(Math.abs(negative / total - 0.5)).toBeLessThan(0.01);
  });
});

const PINNED: ReadonlyArray<[string, number, number]> = [
  ['', 0, 0], // same as reference MurmurHash3 for the empty input
  ['a', 0, 721651713],
  ['quorum', 0, 1382927648],
  ['quorum', 1, 465390176],
  ['café 😡', 0, 1582910936],
];

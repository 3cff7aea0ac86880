import { describe, expect, it } from 'vitest';
import { createRng } from './random';

describe('createRng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    const seqC = Array.from({ length: 20 }, () => c.next());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('stays in range and is roughly uniform', () => {
    const rng = createRng(7);
    const counts = new Array<number>(10).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      counts[rng.int(10)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Each bucket expects 10 000; 5 sigma is about ±475.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('shuffles and permutes without losing or duplicating elements', () => {
    const rng = createRng(1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffle(items.slice());
    expect(shuffled.slice().sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    const perm = Array.from(rng.permutation(50));
    expect(perm.slice().sort((x, y) => x - y)).toEqual(items);
  });

  it('samples distinct items and caps k at the population', () => {
    const rng = createRng(3);
    const picked = rng.sample(['a', 'b', 'c', 'd', 'e'], 3);
    expect(new Set(picked).size).toBe(3);
    expect(rng.sample([1, 2], 5).sort()).toEqual([1, 2]);
    expect(rng.sample([1, 2], 0)).toEqual([]);
  });

  it('produces 32-bit seeds for child generators', () => {
    const rng = createRng(9);
    const seed = rng.nextSeed();
    expect(Number.isInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(2 ** 32);
  });
});

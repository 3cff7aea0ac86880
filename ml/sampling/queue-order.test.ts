import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { computeQueuePriorities, orderQueue } from './queue-order';

describe('orderQueue', () => {
  const scores = Float32Array.from([0.1, 0.9, 0.5, Number.NaN, 0.7]);

  it('orders by score, NaN last, when there is no head and no exploration', () => {
    expect(Array.from(orderQueue({ scores, explorationShare: 0, rng: createRng(1) }))).toEqual([1, 4, 2, 0, 3]);
  });

  it('serves the head first, in its order, then the rest by score', () => {
    expect(Array.from(orderQueue({ scores, head: [2, 0], explorationShare: 0, rng: createRng(1) }))).toEqual([2, 0, 1, 4, 3]);
  });

  it('leaves out ineligible items and refuses them in the head', () => {
    const eligible = [1, 0, 1, 1, 0];
    expect(Array.from(orderQueue({ scores, eligible, explorationShare: 0, rng: createRng(1) }))).toEqual([2, 0, 3]);
    expect(() => orderQueue({ scores, eligible, head: [1], explorationShare: 0, rng: createRng(1) })).toThrow(/not in the queue/);
  });

  it('with exploration 1 is a uniform shuffle: every item once, first place spread evenly', () => {
    const n = 4;
    const firsts = new Array<number>(n).fill(0);
    const flat = Float32Array.from({ length: n }, (_, i) => n - i);
    for (let seed = 0; seed < 4000; seed++) {
      const order = orderQueue({ scores: flat, explorationShare: 1, rng: createRng(seed) });
      expect(Array.from(order).sort()).toEqual([0, 1, 2, 3]);
      firsts[order[0]!]!++;
    }
    // Each item should lead ~1000 of 4000 times; 5 standard deviations is ±137.
    for (const count of firsts) expect(Math.abs(count - 1000)).toBeLessThan(140);
  });

  it('gives exploration its share of the first positions', () => {
    // 1,000 items by descending score; exploration 0.2: about 20% of the first 100 places
    // go to items drawn from the whole queue, most of which rank below 100.
    const n = 1000;
    const ranked = Float32Array.from({ length: n }, (_, i) => n - i);
    let outsiders = 0;
    for (let seed = 0; seed < 50; seed++) {
      const order = orderQueue({ scores: ranked, explorationShare: 0.2, rng: createRng(seed) });
      for (let p = 0; p < 100; p++) if (order[p]! >= 100 + p) outsiders++;
    }
    // Expected ≈ 50 × 100 × 0.2 × (share of draws landing beyond the top ~100–200) ≈ 850–900.
    expect(outsiders / 5000).toBeGreaterThan(0.15);
    expect(outsiders / 5000).toBeLessThan(0.2);
  });
});

describe('computeQueuePriorities', () => {
  it('maps positions to strictly decreasing priorities in (1, 2]', () => {
    const priorities = computeQueuePriorities(Int32Array.from([2, 0, 3]), 5);
    // n = 3: position 0 → 1 + 3/3 = 2, position 1 → 1 + 2/3, position 2 → 1 + 1/3.
    expect(priorities[2]).toBe(2);
    expect(priorities[0]).toBeCloseTo(1 + 2 / 3, 6);
    expect(priorities[3]).toBeCloseTo(1 + 1 / 3, 6);
    expect(Number.isNaN(priorities[1]!)).toBe(true);
  });

  it('keeps a million positions distinct in float4', () => {
    const n = 1_000_000;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const priorities = computeQueuePriorities(order, n);
    for (let i = 1; i < n; i++) if (!(priorities[i - 1]! > priorities[i]!)) throw new Error(`positions ${i - 1} and ${i} collide`);
  });
});

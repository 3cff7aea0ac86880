/**
 * Seeded PRNG (mulberry32): 32 bits of state, fast, and good enough for shuffles,
 * bootstrap resamples and weight seeds. Every random choice in ml/ goes through one
 * of these so a run is reproducible from its seed.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 32-bit seed, for tfjs initializers or a child generator. */
  nextSeed(): number;
  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** k distinct items in random order (all of them, shuffled, when k ≥ length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array;
};

export function createRng(seed: number): Rng {
  // splitmix32-style scrambling so nearby seeds (1, 2, 3) start far apart.
  let state = scrambleSeed(seed);

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };

  const next = (): number => nextUint32() / 4294967296;

  const int = (n: number): number => {
    if (!(n > 0)) throw new RangeError(`rng.int needs n > 0, got ${n}`);
    return Math.floor(next() * n);
  };

  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  };

  const permutation = (n: number): Int32Array => {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    return order;
  };

  const sample = <T>(items: readonly T[], k: number): T[] => {
    const copy = items.slice();
    const take = Math.max(0, Math.min(k, copy.length));
    // Partial Fisher–Yates: only the first `take` slots need to be random.
    for (let i = 0; i < take; i++) {
      const j = i + int(copy.length - i);
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy.slice(0, take);
  };

  return { next, int, nextSeed: nextUint32, shuffle, sample, permutation };
}

function scrambleSeed(seed: number): number {
  let z = (Math.trunc(seed) + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

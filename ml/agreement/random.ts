/**
 * A seeded generator for the bootstrap, kept local so ml/agreement has no dependency on work in
 * progress elsewhere. Same contract (and algorithm: mulberry32 with a scrambled seed) as the
 * `next`/`int` part of ml/random.ts's Rng, so the two can be merged by swapping the import.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
};

export function createRng(seed: number): Rng {
  let state = scrambleSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => {
    if (!(n > 0)) throw new RangeError(`int needs n > 0, got ${n}`);
    return Math.floor(next() * n);
  };
  return { next, int };
}

// Seeds 1, 2, 3 would otherwise start mulberry32 on nearby states; a murmur3 finaliser spreads them out.
function scrambleSeed(seed: number): number {
  let z = (Math.trunc(seed) + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

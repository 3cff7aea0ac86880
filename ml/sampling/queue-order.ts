import type { Rng } from '../random';

export type OrderQueueInput = {
  /** One score per item; higher = serve first. NaN ranks last. */
  scores: Float32Array;
  /** Truthy where an item belongs in the queue; default all. */
  eligible?: ArrayLike<boolean | number>;
  /** Items to serve first, in this order (a diversity-aware batch); must be eligible. */
  head?: readonly number[];
  /** Expected share of positions filled uniformly at random from the remaining items. */
  explorationShare: number;
  rng: Rng;
};

/**
 * The serving order of a whole queue. The queue hands out items one at a time by a stored
 * priority, so batch diversity and exploration have to be baked into that order: `head`
 * (say, a k-center batch among the most uncertain items) comes first, then the rest by
 * score, and each position is, with probability `explorationShare`, given instead to an
 * item drawn uniformly from everything not yet placed. That random share keeps estimates
 * unbiased and finds what the model is confidently wrong about. Returns item indices.
 */
export function orderQueue({ scores, eligible, head = [], explorationShare, rng }: OrderQueueInput): Int32Array {
  if (!(explorationShare >= 0 && explorationShare <= 1)) throw new RangeError(`explorationShare must be in [0, 1], got ${explorationShare}`);
  if (eligible && eligible.length !== scores.length) throw new RangeError('eligible mask and scores differ in length');
  const isQueued = (i: number) => !eligible || Boolean(eligible[i]);
  const placed = new Uint8Array(scores.length);
  for (const index of head) {
    if (!(index >= 0 && index < scores.length) || !isQueued(index)) throw new RangeError(`head item ${index} is not in the queue`);
  }

  const pool: number[] = [];
  for (let i = 0; i < scores.length; i++) if (isQueued(i)) pool.push(i);
  const tieBreak = new Float64Array(scores.length);
  for (const i of pool) tieBreak[i] = rng.next();
  const rankable = (i: number) => (Number.isNaN(scores[i]!) ? Number.NEGATIVE_INFINITY : scores[i]!);
  const ranked = pool.slice().sort((a, b) => rankable(b) - rankable(a) || tieBreak[a]! - tieBreak[b]!);
  // Exploration draws walk one shuffled copy of the pool, skipping what is already placed.
  const shuffled = explorationShare > 0 ? rng.shuffle(pool.slice()) : [];

  const order = new Int32Array(pool.length);
  let length = 0;
  let headAt = 0;
  let rankedAt = 0;
  let shuffledAt = 0;
  const take = (index: number) => {
    placed[index] = 1;
    order[length++] = index;
  };
  while (length < pool.length) {
    if (explorationShare > 0 && rng.next() < explorationShare) {
      while (placed[shuffled[shuffledAt]!]) shuffledAt++;
      take(shuffled[shuffledAt]!);
      continue;
    }
    while (headAt < head.length && placed[head[headAt]!]) headAt++;
    if (headAt < head.length) {
      take(head[headAt++]!);
      continue;
    }
    while (placed[ranked[rankedAt]!]) rankedAt++;
    take(ranked[rankedAt]!);
  }
  return order;
}

/**
 * Priorities for an order: strictly decreasing, all in (1, 2], so a scored queue always
 * ranks above the [0, 1) random priorities items get at import. float4 (`real`) keeps
 * 2^-23 steps there, enough to tell apart millions of positions.
 */
export function computeQueuePriorities(order: Int32Array, size: number): Float32Array {
  const priorities = new Float32Array(size).fill(Number.NaN);
  const n = order.length;
  for (let position = 0; position < n; position++) priorities[order[position]!] = 1 + (n - position) / n;
  return priorities;
}

import type { Rng } from '../random';

/** Uniform random scores: "random sampling" expressed as a strategy, so it shares selectBatch. */
export function scoreRandom(n: number, rng: Rng): Float32Array {
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) scores[i] = rng.next();
  return scores;
}

import { gatherCsrRows, type CsrRows } from '../csr-rows';
import type { Rng } from '../random';
import { DEFAULT_CANDIDATE_FACTOR, selectBatch, type BatchDiversity } from '../sampling';

/**
 * One active-learning batch over a pool held as compressed rows: selectBatch's rules
 * (top candidateFactor × batch by score, diversity among them, an exploration share drawn
 * from the whole eligible pool), densifying only the candidates' features.
 */
export function pickBatch({
  scores,
  eligible,
  rows,
  batchSize,
  diversity,
  explorationShare,
  rng,
}: {
  scores: Float32Array;
  eligible: Uint8Array;
  rows: CsrRows;
  batchSize: number;
  diversity: BatchDiversity;
  explorationShare: number;
  rng: Rng;
}): number[] {
  if (diversity === 'none') return selectBatch({ scores, batchSize, diversity, explorationShare, rng, eligible }).map((p) => p.index);
  const pool: number[] = [];
  for (let i = 0; i < eligible.length; i++) if (eligible[i]) pool.push(i);
  const size = Math.min(batchSize, pool.length);
  const expected = size * explorationShare;
  const explorationCount = Math.min(size, Math.floor(expected) + (rng.next() < expected - Math.floor(expected) ? 1 : 0));
  const scoreCount = size - explorationCount;
  const tieBreak = new Map(pool.map((i) => [i, rng.next()]));
  const rankable = (i: number) => (Number.isNaN(scores[i]!) ? Number.NEGATIVE_INFINITY : scores[i]!);
  const candidates = pool
    .sort((a, b) => rankable(b) - rankable(a) || tieBreak.get(a)! - tieBreak.get(b)!)
    .slice(0, Math.ceil(DEFAULT_CANDIDATE_FACTOR * scoreCount));
  const picks: number[] = [];
  if (scoreCount > 0) {
    const chosen = selectBatch({
      scores: Float32Array.from(candidates, (i) => scores[i]!),
      rows: gatherCsrRows(rows, candidates, candidates.length),
      batchSize: scoreCount,
      candidateFactor: DEFAULT_CANDIDATE_FACTOR,
      diversity,
      explorationShare: 0,
      rng,
    });
    for (const pick of chosen) picks.push(candidates[pick.index]!);
  }
  if (explorationCount > 0) {
    const taken = new Set(picks);
    picks.push(...rng.sample(pool.filter((i) => !taken.has(i)), explorationCount));
  }
  return picks;
}

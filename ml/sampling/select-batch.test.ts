import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { selectBatch } from './select-batch';

/** Unit vectors: rows 0–2 identical (A), row 3 = B, row 4 = C, row 5 = A again; dim 3. */
const FEATURES = Float32Array.from([1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
const SCORES = Float32Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.1]);

const indices = (picks: { index: number }[]) => picks.map((p) => p.index);

describe('selectBatch', () => {
  it('takes the top scores when diversity is off', () => {
    const picks = selectBatch({ scores: SCORES, batchSize: 3, diversity: 'none', explorationShare: 0, rng: createRng(1) });
    expect(indices(picks)).toEqual([0, 1, 2]);
    expect(picks.every((p) => p.reason === 'score')).toBe(true);
    expect(picks[0]!.score).toBeCloseTo(0.9, 6);
  });

  it('honours the eligible mask and ranks NaN last', () => {
    const scores = Float32Array.from([Number.NaN, 0.2, 0.3, 0.1]);
    const picks = selectBatch({ scores, batchSize: 3, diversity: 'none', explorationShare: 0, rng: createRng(1), eligible: [1, 1, 0, 1] });
    expect(indices(picks)).toEqual([1, 3, 0]);
  });

  it('spreads the batch with k-center instead of taking near-duplicates', () => {
    // Top-3 by score are three copies of A. k-center starts at the best (0), then takes
    // the farthest candidates: B and C are at squared distance 2, the copies of A at 0.
    const picks = selectBatch({ scores: SCORES, features: FEATURES, dim: 3, batchSize: 3, diversity: 'kcenter', explorationShare: 0, rng: createRng(1) });
    expect(indices(picks).sort()).toEqual([0, 3, 4]);
    expect(picks[0]!.index).toBe(0);
  });

  it('takes the best item of each cluster', () => {
    // Candidates (factor 5 × batch 3 covers all 6): clusters {0,1,2,5}, {3}, {4}.
    for (const seed of [1, 2, 3]) {
      const picks = selectBatch({ scores: SCORES, features: FEATURES, dim: 3, batchSize: 3, diversity: 'cluster', explorationShare: 0, rng: createRng(seed) });
      expect(indices(picks)).toEqual([0, 3, 4]);
    }
  });

  it('only looks at the top candidateFactor × batch for diversity', () => {
    // factor 1, batch 2: candidates are items 0 and 1 only, so B and C are out of reach.
    const picks = selectBatch({ scores: SCORES, features: FEATURES, dim: 3, batchSize: 2, candidateFactor: 1, diversity: 'kcenter', explorationShare: 0, rng: createRng(1) });
    expect(indices(picks)).toEqual([0, 1]);
  });

  it('mixes in uniform exploration picks from the whole eligible pool', () => {
    const scores = Float32Array.from({ length: 100 }, (_, i) => 1 - i / 100);
    const eligible = Array.from({ length: 100 }, (_, i) => i !== 50);
    const picks = selectBatch({ scores, batchSize: 10, diversity: 'none', explorationShare: 0.5, rng: createRng(3), eligible });
    const scored = picks.filter((p) => p.reason === 'score');
    const explored = picks.filter((p) => p.reason === 'exploration');
    expect(indices(scored)).toEqual([0, 1, 2, 3, 4]);
    expect(explored).toHaveLength(5);
    expect(new Set(indices(picks)).size).toBe(10);
    expect(indices(explored)).not.toContain(50);
  });

  it('keeps the exploration share right on average when it does not divide the batch', () => {
    // 5 × 0.1 = 0.5 exploration picks per batch: 0 or 1 at random, mean 0.5.
    const rng = createRng(9);
    const scores = Float32Array.from({ length: 50 }, (_, i) => i);
    let explored = 0;
    const rounds = 2000;
    for (let r = 0; r < rounds; r++) {
      explored += selectBatch({ scores, batchSize: 5, diversity: 'none', explorationShare: 0.1, rng }).filter((p) => p.reason === 'exploration').length;
    }
    // Bernoulli(0.5) per round: sd of the mean ≈ 0.011.
    expect(Math.abs(explored / rounds - 0.5)).toBeLessThan(0.05);
  });

  it('breaks score ties at random rather than by position', () => {
    const scores = new Float32Array(20); // cold start: all zero
    const firstPicks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      firstPicks.add(selectBatch({ scores, batchSize: 1, diversity: 'none', explorationShare: 0, rng: createRng(seed) })[0]!.index);
    }
    expect(firstPicks.size).toBeGreaterThan(5);
  });

  it('returns the whole eligible pool when it is smaller than the batch, and nothing for an empty one', () => {
    expect(indices(selectBatch({ scores: SCORES, batchSize: 50, diversity: 'none', explorationShare: 0, rng: createRng(1) })).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(selectBatch({ scores: new Float32Array(0), batchSize: 5, diversity: 'kcenter', features: new Float32Array(0), dim: 3, explorationShare: 0.2, rng: createRng(1) })).toEqual([]);
  });

  it('is reproducible for a seed and validates its options', () => {
    const run = (seed: number) =>
      indices(selectBatch({ scores: SCORES, features: FEATURES, dim: 3, batchSize: 3, diversity: 'cluster', explorationShare: 0.34, rng: createRng(seed) }));
    expect(run(5)).toEqual(run(5));
    expect(() => selectBatch({ scores: SCORES, batchSize: 2, diversity: 'kcenter', explorationShare: 0, rng: createRng(1) })).toThrow(/features/);
    expect(() => selectBatch({ scores: SCORES, batchSize: 2, diversity: 'none', explorationShare: 2, rng: createRng(1) })).toThrow(RangeError);
  });
});

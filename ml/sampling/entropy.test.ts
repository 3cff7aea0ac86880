import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { scoreEntropy } from './entropy';
import { scoreLeastConfidence } from './least-confidence';
import { scoreMargin } from './margin';

// r0 = [0.7, 0.2, 0.1]   r1 = [0.4, 0.35, 0.25]   r2 = [0.5, 0.5, 0]
const PROBS = Float32Array.from([0.7, 0.2, 0.1, 0.4, 0.35, 0.25, 0.5, 0.5, 0]);

function rankDescending(scores: Float32Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

describe('scoreEntropy', () => {
  it('is −Σ p ln p with 0 ln 0 = 0', () => {
    // r0: 0.7·0.356675 + 0.2·1.609438 + 0.1·2.302585 = 0.249672 + 0.321888 + 0.230259 = 0.801819
    // r1: 0.4·0.916291 + 0.35·1.049822 + 0.25·1.386294 = 0.366516 + 0.367438 + 0.346574 = 1.080528
    // r2: 2 · 0.5·ln 2 = 0.693147 (the zero class adds nothing)
    const scores = scoreEntropy(PROBS, 3);
    [0.801819, 1.080528, 0.693147].forEach((value, i) => expect(scores[i]).toBeCloseTo(value, 5));
  });

  it('orders three-class items differently from least confidence and margin', () => {
    expect(rankDescending(scoreLeastConfidence(PROBS, 3))).toEqual([1, 2, 0]);
    expect(rankDescending(scoreMargin(PROBS, 3))).toEqual([2, 1, 0]);
    expect(rankDescending(scoreEntropy(PROBS, 3))).toEqual([1, 0, 2]);
  });

  it('rejects a matrix that is not n×k', () => {
    expect(() => scoreEntropy(Float32Array.from([0.5, 0.5, 0.1]), 2)).toThrow(RangeError);
  });
});

describe('two classes', () => {
  it('LC, margin and entropy give the same order', () => {
    // All three are monotone in p1 when k = 2: LC = 1 − p1, margin = 1 − 2·p1, entropy = H(p1).
    const rng = createRng(8);
    const p1 = rng.shuffle(Array.from({ length: 40 }, (_, i) => 0.5 + (i + 0.5) / 82));
    const probs = Float32Array.from(p1.flatMap((p, i) => (i % 2 ? [p, 1 - p] : [1 - p, p])));
    const order = rankDescending(scoreLeastConfidence(probs, 2));
    expect(rankDescending(scoreMargin(probs, 2))).toEqual(order);
    expect(rankDescending(scoreEntropy(probs, 2))).toEqual(order);
  });
});

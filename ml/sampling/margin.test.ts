import { describe, expect, it } from 'vitest';
import { scoreMargin } from './margin';

describe('scoreMargin', () => {
  it('is −(p1 − p2), so the narrowest gap ranks first', () => {
    // r0 = [0.7, 0.2, 0.1] → −0.5; r1 = [0.4, 0.35, 0.25] → −0.05; r2 = [0.5, 0.5, 0] → 0
    const scores = scoreMargin(Float32Array.from([0.7, 0.2, 0.1, 0.4, 0.35, 0.25, 0.5, 0.5, 0]), 3);
    [-0.5, -0.05, 0].forEach((value, i) => expect(scores[i]).toBeCloseTo(value, 6));
  });

  it('finds the runner-up wherever it sits in the row', () => {
    // [0.1, 0.3, 0.6]: p1 = 0.6, p2 = 0.3 → −0.3
    expect(scoreMargin(Float32Array.from([0.1, 0.3, 0.6]), 3)[0]).toBeCloseTo(-0.3, 6);
  });
});

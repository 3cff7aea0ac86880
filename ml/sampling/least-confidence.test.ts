import { describe, expect, it } from 'vitest';
import { scoreLeastConfidence } from './least-confidence';

describe('scoreLeastConfidence', () => {
  it('is 1 − p1', () => {
    // r0 = [0.7, 0.2, 0.1] → 0.3; r1 = [0.4, 0.35, 0.25] → 0.6; r2 = [0.5, 0.5, 0] → 0.5
    const scores = scoreLeastConfidence(Float32Array.from([0.7, 0.2, 0.1, 0.4, 0.35, 0.25, 0.5, 0.5, 0]), 3);
    expect(scores).toHaveLength(3);
    [0.3, 0.6, 0.5].forEach((value, i) => expect(scores[i]).toBeCloseTo(value, 6));
  });
});

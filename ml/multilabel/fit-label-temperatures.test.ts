import { describe, expect, it } from 'vitest';
import { fitLabelTemperatures } from './fit-label-temperatures';

describe('fitLabelTemperatures', () => {
  it('recovers the temperature of logits that are 3× too confident', () => {
    // Labels drawn with P(y = 1) = σ(s) for a grid of true logits s; the model reports z = 3s.
    // The NLL-optimal T for z is then close to 3 (exact in the limit of many rows per s).
    const logits: number[] = [];
    const targets: number[] = [];
    for (let s = -3; s <= 3; s += 0.25) {
      const p = 1 / (1 + Math.exp(-s));
      // 40 rows per grid point with exactly round(40p) positives: the empirical rate is σ(s).
      const positives = Math.round(40 * p);
      for (let r = 0; r < 40; r++) {
        logits.push(3 * s);
        targets.push(r < positives ? 1 : 0);
      }
    }
    const [t] = fitLabelTemperatures(Float64Array.from(logits), Uint8Array.from(targets), 1);
    expect(t).toBeGreaterThan(2.8);
    expect(t).toBeLessThan(3.2);
  });

  it('keeps T = 1 for a label with fewer than 5 positives', () => {
    const logits = Float64Array.from({ length: 20 }, (_, i) => i - 10);
    const targets = Uint8Array.from({ length: 20 }, (_, i) => (i >= 17 ? 1 : 0));
    expect(Array.from(fitLabelTemperatures(logits, targets, 1))).toEqual([1]);
  });
});

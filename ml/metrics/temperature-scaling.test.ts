import { describe, expect, it } from 'vitest';
import { applyTemperature, computeScaledNll, fitTemperature } from './temperature-scaling';

describe('temperature scaling', () => {
  it('fits T = ln 9 / ln 3 = 2 when p = 0.9 is right 3 times in 4', () => {
    // Binary logit gap z = ln(0.9/0.1) = ln 9 on every item; the NLL is minimal where
    // σ(z/T) equals the accuracy 0.75, i.e. z/T = ln 3, T = ln 9 / ln 3 = 2.
    const probs = Float32Array.from([0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1]);
    const labels = Int32Array.from([0, 0, 0, 1]);
    expect(fitTemperature(probs, labels, 2)).toBeCloseTo(2, 4);
  });

  it('sharpens (T < 1) an under-confident model that is always right', () => {
    const probs = Float32Array.from([0.6, 0.4, 0.3, 0.7]);
    expect(fitTemperature(probs, Int32Array.from([0, 1]), 2)).toBeLessThan(0.1);
  });

  it('applies softmax(log p / T): T = 2 on (0.9, 0.1) gives (0.75, 0.25)', () => {
    const scaled = applyTemperature(Float32Array.from([0.9, 0.1]), 2, 2);
    expect(scaled[0]).toBeCloseTo(0.75, 6);
    expect(scaled[1]).toBeCloseTo(0.25, 6);
    // T = 1 is the identity and the NLL there is the plain log-loss.
    expect(computeScaledNll(Float32Array.from([0.9, 0.1]), Int32Array.from([1]), 2, 1)).toBeCloseTo(-Math.log(0.1), 6);
  });
});

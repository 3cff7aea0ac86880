import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { isMultilabelSamplingStrategyId, MULTILABEL_SAMPLING_STRATEGIES, scoreMultilabelPool } from './multilabel-strategies';
import { scoreMeanBinaryEntropy } from './score-mean-binary-entropy';
import { scoreThresholdProximity } from './score-threshold-proximity';

describe('scoreMeanBinaryEntropy', () => {
  it('averages binary entropies in nats', () => {
    // Row 1: H(.5) = ln 2 for both labels. Row 2: H(.9) = H(.1) = −.9 ln .9 − .1 ln .1 = 0.325083.
    // Row 3: certain labels, 0.
    const scores = scoreMeanBinaryEntropy(Float32Array.from([0.5, 0.5, 0.9, 0.1, 0, 1]), 2);
    expect(scores[0]).toBeCloseTo(Math.LN2, 6);
    expect(scores[1]).toBeCloseTo(0.325083, 5);
    expect(scores[2]).toBe(0);
  });
});

describe('scoreThresholdProximity', () => {
  it('scores −min |p − t| with each label’s own threshold', () => {
    // Thresholds (.3, .6). Row [.5, .9]: distances .2, .3 → −.2. Row [.31, .1]: .01, .5 → −.01 (queried first).
    const scores = scoreThresholdProximity(Float32Array.from([0.5, 0.9, 0.31, 0.1]), 2, [0.3, 0.6]);
    expect(scores[0]).toBeCloseTo(-0.2, 6);
    expect(scores[1]).toBeCloseTo(-0.01, 6);
    expect(scores[1]!).toBeGreaterThan(scores[0]!);
  });
});

describe('scoreMultilabelPool', () => {
  const probs = Float32Array.from([0.5, 0.9, 0.31, 0.1]);

  it('dispatches every listed strategy', () => {
    for (const { id } of MULTILABEL_SAMPLING_STRATEGIES) {
      expect(scoreMultilabelPool({ strategy: id, n: 2, numLabels: 2, probs, thresholds: [0.3, 0.6], rng: createRng(1) })).toHaveLength(2);
    }
    expect(isMultilabelSamplingStrategyId('margin')).toBe(false);
  });

  it('refuses threshold_proximity without thresholds', () => {
    expect(() => scoreMultilabelPool({ strategy: 'threshold_proximity', n: 2, numLabels: 2, probs, rng: createRng(1) })).toThrow(/thresholds/);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { scoreMargin } from './margin';
import { DEFAULT_STRATEGY, isSamplingStrategyId, SAMPLING_STRATEGIES, scorePool } from './strategies';

describe('SAMPLING_STRATEGIES', () => {
  it('lists the six strategies with margin as the default', () => {
    expect(SAMPLING_STRATEGIES.map((s) => s.id)).toEqual(['random', 'least_confidence', 'margin', 'entropy', 'bald', 'committee']);
    expect(DEFAULT_STRATEGY).toBe('margin');
    expect(isSamplingStrategyId('bald')).toBe(true);
    expect(isSamplingStrategyId('coreset')).toBe(false);
  });
});

describe('scorePool', () => {
  const probs = Float32Array.from([0.9, 0.1, 0.6, 0.4]);

  it('dispatches to the strategy’s scorer', () => {
    const rng = createRng(1);
    expect(scorePool({ strategy: 'margin', n: 2, numClasses: 2, probs, rng })).toEqual(scoreMargin(probs, 2));
    const random = scorePool({ strategy: 'random', n: 3, numClasses: 2, rng });
    expect(random).toHaveLength(3);
    // committee: members vote [0, 0] and [0, 1] → item 0 agrees (0), item 1 splits (ln 2)
    const committee = scorePool({ strategy: 'committee', n: 2, numClasses: 2, committeeProbs: [probs, Float32Array.from([0.8, 0.2, 0.3, 0.7])], rng });
    expect(committee[0]).toBe(0);
    expect(committee[1]).toBeCloseTo(Math.log(2), 6);
  });

  it('says what a strategy is missing', () => {
    expect(() => scorePool({ strategy: 'bald', n: 2, numClasses: 2, probs, rng: createRng(1) })).toThrow(/mcSamples/);
    expect(() => scorePool({ strategy: 'entropy', n: 3, numClasses: 2, probs, rng: createRng(1) })).toThrow(RangeError);
  });
});

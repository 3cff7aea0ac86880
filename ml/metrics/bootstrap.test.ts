import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { bootstrapInterval, computeQuantile } from './bootstrap';

describe('computeQuantile', () => {
  it('interpolates linearly between order statistics like numpy', () => {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1 + 0.75·(2 − 1) = 1.75
    expect(computeQuantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 10);
    expect(computeQuantile([1, 2, 3, 4], 1)).toBe(4);
    expect(computeQuantile([5], 0.5)).toBe(5);
  });
});

describe('bootstrapInterval', () => {
  const rng = createRng(12);
  // 400 draws, uniform on [0, 1): sd = 1/√12 = 0.288675, standard error of the mean = 0.014434
  const data = Float64Array.from({ length: 400 }, () => rng.next());
  const mean = (idx: Int32Array) => idx.reduce((sum, i) => sum + data[i]!, 0) / idx.length;
  const sampleMean = data.reduce((a, b) => a + b, 0) / data.length;

  it('brackets the estimate with about ±1.96 standard errors for a mean', () => {
    const [low, high] = bootstrapInterval(data.length, mean, { seed: 1, samples: 2000 });
    expect(low).toBeLessThan(sampleMean);
    expect(high).toBeGreaterThan(sampleMean);
    // Normal theory: half-width 1.96 · 0.014434 = 0.028290; the bootstrap should be within 15%.
    expect((high - low) / 2).toBeGreaterThan(0.02829 * 0.85);
    expect((high - low) / 2).toBeLessThan(0.02829 * 1.15);
  });

  it('is reproducible for a seed', () => {
    expect(bootstrapInterval(data.length, mean, { seed: 3, samples: 200 })).toEqual(bootstrapInterval(data.length, mean, { seed: 3, samples: 200 }));
    expect(bootstrapInterval(data.length, mean, { seed: 3, samples: 200 })).not.toEqual(bootstrapInterval(data.length, mean, { seed: 4, samples: 200 }));
  });

  it('collapses for a constant statistic and drops undefined resamples', () => {
    expect(bootstrapInterval(10, () => 0.5, { seed: 1, samples: 50 })).toEqual([0.5, 0.5]);
    expect(bootstrapInterval(10, () => Number.NaN, { seed: 1, samples: 50 })).toEqual([Number.NaN, Number.NaN]);
    expect(() => bootstrapInterval(0, () => 0, { seed: 1 })).toThrow(RangeError);
  });
});

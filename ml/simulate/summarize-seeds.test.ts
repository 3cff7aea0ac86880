import { describe, expect, it } from 'vitest';
import { formatSeedRatio, summarizeRatios, summarizeSeeds } from './summarize-seeds';

describe('summarizeSeeds', () => {
  it('counts runs that never reached the target instead of averaging them in', () => {
    expect(summarizeSeeds([400, null, 800])).toEqual({ reached: 2, runs: 3, mean: 600, min: 400, max: 800 });
    expect(summarizeSeeds([null, null])).toEqual({ reached: 0, runs: 2, mean: null, min: null, max: null });
  });
});

describe('summarizeRatios', () => {
  it('averages the seeds where both runs got there and keeps the others as bounds', () => {
    // Seed 1: 600/1200 = 0.5; seed 2: 900/1500 = 0.6; seed 3: random short at 2000, so below 500/2000;
    // seed 4: the strategy short, so above 2000/1000; seed 5: both short.
    const summary = summarizeRatios([600, 900, 500, null, null], [1200, 1500, null, 1000, null], 2000);
    expect(summary.mean).toBeCloseTo(0.55, 12);
    expect(summary.paired).toBe(2);
    expect(summary.runs).toBe(5);
    expect(summary.perSeed.map((r) => r.kind)).toEqual(['exact', 'exact', 'below', 'above', 'unknown']);
    expect(summary.perSeed.map(formatSeedRatio)).toEqual(['0.50', '0.60', '<0.25', '>2.00', '—']);
  });

  it('has no mean when no seed pairs up', () => {
    expect(summarizeRatios([300], [null], 1000)).toMatchObject({ mean: null, paired: 0, runs: 1 });
  });

  it('refuses runs that do not pair up', () => {
    expect(() => summarizeRatios([1, 2], [1], 10)).toThrow(RangeError);
  });
});

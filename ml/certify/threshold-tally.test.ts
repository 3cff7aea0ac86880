import { describe, expect, it } from 'vitest';
import { createRng } from '@/ml/random';
import { defaultThresholdGrid } from './learn-then-test';
import { createThresholdTally, tallyThresholds } from './threshold-tally';

describe('tallyThresholds', () => {
  it('counts the cases at or above each threshold and their errors (hand-counted)', () => {
    // 0.9 clears 0.9; 0.3 clears no threshold but is still a case.
    const tally = tallyThresholds({ scores: [0.95, 0.9, 0.9, 0.85, 0.3], isError: [0, 1, 0, 1, 1], grid: [1, 0.9, 0.8] });
    expect(tally).toEqual({ grid: [1, 0.9, 0.8], cases: [0, 3, 4], errors: [0, 1, 2], total: 5 });
  });

  it('matches a direct count at every threshold of the default grid, scores on and between its steps', () => {
    const rng = createRng(3);
    const scores = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? rng.int(1001) / 1000 : rng.next()));
    const isError = scores.map(() => (rng.next() < 0.2 ? 1 : 0));
    const grid = defaultThresholdGrid();
    const tally = tallyThresholds({ scores, isError, grid });
    grid.forEach((lambda, j) => {
      const above = scores.map((score, i) => [score, isError[i]!] as const).filter(([score]) => score >= lambda);
      expect([tally.cases[j], tally.errors[j]], `λ ${lambda}`).toEqual([above.length, above.filter(([, wrong]) => wrong).length]);
    });
  });

  it('gives the same tally case by case as all at once', () => {
    const builder = createThresholdTally([0.8, 0.5]);
    for (const [score, isError] of [[0.9, false], [0.6, true], [0.1, true]] as const) builder.add(score, isError);
    expect(builder.finish()).toEqual(tallyThresholds({ scores: [0.9, 0.6, 0.1], isError: [0, 1, 1], grid: [0.8, 0.5] }));
  });

  it('refuses a score that is not a number and a grid out of order', () => {
    expect(() => tallyThresholds({ scores: [Number.NaN], isError: [0], grid: [0.5] })).toThrow(/finite/);
    expect(() => createThresholdTally([0.5, 0.5])).toThrow(/descending/);
    expect(() => createThresholdTally([0.5, Number.NaN])).toThrow(/not a number/);
  });
});

import { describe, expect, it } from 'vitest';
import { PSI_FLOOR, populationStabilityIndex } from './population-stability';
import { assessScoreDrift } from './score-drift';
import { ksCriticalDistance, shareAtOrAbove, survivalKsDistance } from './survival-ks';

/** Calibration: 20% of scores in each of [.5,.6), [.6,.7), [.7,.8), [.8,.9), [.9,1]; half of the top fifth at .95 or more. */
const REFERENCE = [
  { threshold: 0.5, share: 1 },
  { threshold: 0.6, share: 0.8 },
  { threshold: 0.7, share: 0.6 },
  { threshold: 0.8, share: 0.4 },
  { threshold: 0.9, share: 0.2 },
  { threshold: 0.95, share: 0.1 },
];
const LIVE = Float64Array.from([0.55, 0.62, 0.65, 0.72, 0.75, 0.81, 0.85, 0.91, 0.93, 0.97]);

describe('the KS distance on a survival curve', () => {
  it('reads each threshold’s share of the live scores', () => {
    expect([0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98].map((t) => shareAtOrAbove(LIVE, t))).toEqual([1, 0.9, 0.7, 0.5, 0.3, 0.1, 0]);
    // At or above: a score equal to the threshold counts.
    expect(shareAtOrAbove(Float64Array.from([0.6, 0.7]), 0.7)).toBe(0.5);
    expect(shareAtOrAbove(new Float64Array(0), 0.5)).toBe(0);
  });

  it('is the largest gap between the survival functions, at the first threshold that reaches it', () => {
    // Gaps |ref − live|: 0, .1, .1, .1, .1, 0.
    const { distance, threshold } = survivalKsDistance(LIVE, REFERENCE);
    expect(distance).toBeCloseTo(0.1, 12);
    expect(threshold).toBe(0.6);
  });

  it('has the textbook critical values', () => {
    // c(5%) = √(−ln 0.025 / 2) = 1.3581, c(1%) = 1.6276 (Smirnov); two samples of 100: c·√(200/10⁴).
    expect(ksCriticalDistance(100, 100, 0.05)).toBeCloseTo(1.358102 * Math.sqrt(0.02), 5);
    expect(ksCriticalDistance(600, 10, 0.01)).toBeCloseTo(1.627624 * Math.sqrt(610 / 6000), 5);
  });
});

describe('the population stability index', () => {
  it('matches a hand computation on fifths of the reference', () => {
    // Edges at the reference points nearest shares .8, .6, .4, .2: thresholds .6, .7, .8, .9.
    // Reference .2 in every bin; live .1, .2, .2, .2, .3: PSI = (.1 − .2) ln .5 + (.3 − .2) ln 1.5 = .1 ln 3.
    const { index, bins } = populationStabilityIndex(LIVE, REFERENCE, 5);
    expect(bins.map((bin) => [bin.from, bin.to])).toEqual([[null, 0.6], [0.6, 0.7], [0.7, 0.8], [0.8, 0.9], [0.9, null]]);
    expect(bins.map((bin) => bin.live)).toEqual([0.1, 0.2, 0.2, 0.2, 0.3].map((v) => expect.closeTo(v, 12)));
    expect(bins.map((bin) => bin.reference)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2].map((v) => expect.closeTo(v, 12)));
    expect(index).toBeCloseTo(0.1 * Math.log(3), 12);
  });

  it('counts an empty live bin at the floor, and merges edges the reference cannot separate', () => {
    // Every live score below .6: live 1, 0, 0, 0, 0 against .2 each.
    const low = populationStabilityIndex(Float64Array.from([0.51, 0.52, 0.53]), REFERENCE, 5);
    const floorTerm = (PSI_FLOOR - 0.2) * Math.log(PSI_FLOOR / 0.2);
    expect(low.index).toBeCloseTo((1 - 0.2) * Math.log(1 / 0.2) + 4 * floorTerm, 9);
    // A plateau: .6 and .7 hold the same share, so the edge at .7 would make an empty reference bin.
    const plateau = [{ threshold: 0.5, share: 1 }, { threshold: 0.6, share: 0.5 }, { threshold: 0.7, share: 0.5 }, { threshold: 0.9, share: 0.25 }];
    const { bins } = populationStabilityIndex(LIVE, plateau, 4);
    expect(bins.map((bin) => [bin.from, bin.to, bin.reference])).toEqual([
      [null, 0.6, 0.5],
      [0.6, 0.9, 0.25],
      [0.9, null, 0.25],
    ]);
  });
});

describe('the drift verdict', () => {
  // Calibration uniform on [.5, 1]: S(t) = (1 − t)/.5 on a .05 grid, 600 cases.
  const uniform = Array.from({ length: 10 }, (_, i) => ({ threshold: 0.5 + 0.05 * i, share: 1 - 0.1 * i }));
  const spread = (count: number, from: number, to: number) => Array.from({ length: count }, (_, i) => from + ((i + 0.5) / count) * (to - from));

  it('calls the same distribution stable, and a crowded lower half major', () => {
    const same = assessScoreDrift({ liveScores: spread(300, 0.5, 1), reference: uniform, referenceSize: 600 });
    expect(same.verdict).toBe('stable');
    expect(same.ks).toBeLessThan(0.01);
    const shifted = assessScoreDrift({ liveScores: spread(300, 0.5, 0.75), reference: uniform, referenceSize: 600 });
    // Half the reference lies above .75 and none of the live scores: KS .5 at t = .75.
    expect(shifted.ks).toBeCloseTo(0.5, 9);
    expect(shifted.ksCritical).toBeCloseTo(1.627624 * Math.sqrt(900 / 180_000), 5);
    expect(shifted.verdict).toBe('major');
  });

  it('grades a significant gap by its PSI, and says nothing from too few scores or no curve', () => {
    // 240 live scores, 40% in the top fifth instead of 20%, the rest even below .9: 18 in each of the eight
    // .05-wide bins (.075 of the scores, against .1) and 48 in each of the top two (.2): KS .2 at t = .9.
    const moved = assessScoreDrift({ liveScores: [...spread(144, 0.5, 0.9), ...spread(96, 0.9, 1)], reference: uniform, referenceSize: 600 });
    expect(moved.ks).toBeCloseTo(0.2, 9);
    expect(moved.psi).toBeCloseTo(8 * (0.075 - 0.1) * Math.log(0.75) + 2 * (0.2 - 0.1) * Math.log(2), 9);
    expect(moved.verdict).toBe('moderate');
    expect(assessScoreDrift({ liveScores: spread(29, 0.5, 0.6), reference: uniform, referenceSize: 600 }).verdict).toBe('insufficient');
    expect(assessScoreDrift({ liveScores: spread(300, 0.5, 1), reference: [], referenceSize: 600 }).verdict).toBe('insufficient');
  });
});

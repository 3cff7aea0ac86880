import { describe, expect, it } from 'vitest';
import { describeAccuracyChange, describeAgreement } from './overview-format';

const computedAt = new Date('2026-02-03T04:05:00Z');

describe('describeAccuracyChange', () => {
  it('writes the change in points with its sign, and a dash without a previous figure', () => {
    expect(describeAccuracyChange(0.8, 0.831)).toBe('+3.1 pts');
    expect(describeAccuracyChange(0.8, 0.755)).toBe('−4.5 pts');
    expect(describeAccuracyChange(0.8, 0.8)).toBe('±0.0 pts');
    expect(describeAccuracyChange(null, 0.8)).toBe('—');
  });
});

describe('describeAgreement', () => {
  it('reads alpha on Krippendorff’s scale', () => {
    expect(describeAgreement({ alpha: 0.812, ci95: [0.75, 0.86], items: 1200, annotators: 4, computedAt }, 2)).toEqual({
      headline: 'α = 0.812',
      detail: 'Krippendorff’s α over 1,200 items with two or more labels, 95% CI 0.750 – 0.860: reliable. Computed 2026-02-03 04:05 UTC.',
    });
    expect(describeAgreement({ alpha: 0.7, ci95: null, items: 10, annotators: 2, computedAt }, 2).detail).toContain('tentative');
    expect(describeAgreement({ alpha: 0.3, ci95: null, items: 10, annotators: 2, computedAt }, 2).detail).toContain('too low to rely on');
  });

  it('says what is missing when there is no figure', () => {
    expect(describeAgreement(null, 1).detail).toMatch(/overlap above 1/);
    expect(describeAgreement(null, 3).detail).toMatch(/not been computed yet/);
    expect(describeAgreement({ alpha: null, reason: 'No item has two ratings.', items: 0, annotators: 1, computedAt }, 2)).toEqual({
      headline: 'Not yet',
      detail: 'No item has two ratings. Computed 2026-02-03 04:05 UTC.',
    });
  });
});

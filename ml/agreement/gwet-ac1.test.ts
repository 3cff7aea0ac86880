import { describe, expect, it } from 'vitest';
import { computeGwetAC1 } from './gwet-ac1';
import {
  COHEN_TABLE_ABSTRACTORS,
  convertCoderRowsToRatings,
  convertContingencyTableToRatings,
  KRIPPENDORFF_CATEGORIES,
  KRIPPENDORFF_CODERS,
} from './published-examples';

describe('computeGwetAC1', () => {
  it('matches Gwet (2014) on the 4 × 12 data with q = 5 declared categories: 0.775 (pa 0.818, pe 0.190)', () => {
    const ac1 = computeGwetAC1(convertCoderRowsToRatings(KRIPPENDORFF_CODERS), { categories: KRIPPENDORFF_CATEGORIES });
    if (ac1.value === null) throw new Error(ac1.reason);
    expect(ac1.value).toBeCloseTo(0.77544, 5);
    expect(ac1.observedAgreement).toBeCloseTo(0.8181818, 7);
    expect(ac1.chanceAgreement).toBeCloseTo(0.1903212, 7);
  });

  it('matches the abstractors table as two raters: 0.849 (irrCAC 0.8493305)', () => {
    const ac1 = computeGwetAC1(convertContingencyTableToRatings(COHEN_TABLE_ABSTRACTORS, ['Ectopic', 'AIU', 'NIU']));
    expect(ac1.value).toBeCloseTo(0.8493305, 7);
  });

  it('counts declared categories nobody used in q', () => {
    const ratings = convertCoderRowsToRatings({ A: '1 1 2 2', B: '1 2 2 2' });
    const observedOnly = computeGwetAC1(ratings);
    const declared = computeGwetAC1(ratings, { categories: ['1', '2', '3', '4'] });
    expect(observedOnly.value).not.toBeNull();
    expect(declared.value).not.toBeNull();
    expect(declared.value!).toBeGreaterThan(observedOnly.value!);
  });
});

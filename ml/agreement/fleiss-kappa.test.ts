import { describe, expect, it } from 'vitest';
import { computeFleissKappa } from './fleiss-kappa';
import {
  convertCoderRowsToRatings,
  convertCountTableToRatings,
  FLEISS_1971_CATEGORIES,
  FLEISS_1971_COUNTS,
  FLEISS_WIKIPEDIA_COUNTS,
  KRIPPENDORFF_CODERS,
} from './published-examples';

describe('computeFleissKappa', () => {
  it('matches the Wikipedia 10 × 14 example: κ 0.210, P̄ 0.378, P̄e 0.213', () => {
    const kappa = computeFleissKappa(convertCountTableToRatings(FLEISS_WIKIPEDIA_COUNTS, ['1', '2', '3', '4', '5']));
    if (kappa.value === null) throw new Error(kappa.reason);
    expect(kappa.value).toBeCloseTo(0.21, 3);
    expect(kappa.observedAgreement).toBeCloseTo(0.378, 3);
    expect(kappa.chanceAgreement).toBeCloseTo(0.213, 3);
  });

  it('matches Fleiss (1971) Table 1, 30 patients × 6 raters: κ 0.4302445', () => {
    const kappa = computeFleissKappa(convertCountTableToRatings(FLEISS_1971_COUNTS, FLEISS_1971_CATEGORIES));
    expect(kappa.value).toBeCloseTo(0.4302445, 7);
  });

  it('uses Gwet’s generalisation for missing ratings: irrCAC fleiss.kappa.raw on the 4 × 12 data gives 0.76117 (pe 0.2387153)', () => {
    const kappa = computeFleissKappa(convertCoderRowsToRatings(KRIPPENDORFF_CODERS));
    if (kappa.value === null) throw new Error(kappa.reason);
    expect(kappa.value).toBeCloseTo(0.76117, 5);
    expect(kappa.observedAgreement).toBeCloseTo(0.8181818, 7);
    expect(kappa.chanceAgreement).toBeCloseTo(0.2387153, 7);
  });
});

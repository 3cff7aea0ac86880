import { describe, expect, it } from 'vitest';
import { computePercentAgreement } from './percent-agreement';
import { COHEN_TABLE_ABSTRACTORS, convertCoderRowsToRatings, convertContingencyTableToRatings, KRIPPENDORFF_CODERS } from './published-examples';

describe('computePercentAgreement', () => {
  it('matches irrCAC pa.coeff.raw on the 4 × 12 data: 0.8181818', () => {
    expect(computePercentAgreement(convertCoderRowsToRatings(KRIPPENDORFF_CODERS)).value).toBeCloseTo(0.8181818, 7);
  });

  it('is the diagonal share of a two-rater table: 0.89 for the abstractors', () => {
    expect(computePercentAgreement(convertContingencyTableToRatings(COHEN_TABLE_ABSTRACTORS, ['E', 'A', 'N'])).value).toBeCloseTo(0.89, 12);
  });

  it('averages per-item pair agreement: 3 raters split 2–1 agree on 1 of 3 pairs', () => {
    const ratings = convertCoderRowsToRatings({ A: 'x x', B: 'x y', C: 'y y' });
    expect(computePercentAgreement(ratings).value).toBeCloseTo(1 / 3, 12);
  });
});

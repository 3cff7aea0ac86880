import { describe, expect, it } from 'vitest';
import { computeKrippendorffAlpha } from './krippendorff-alpha';
import {
  COHEN_TABLE_ABSTRACTORS,
  convertCoderRowsToRatings,
  convertContingencyTableToRatings,
  KRIPPENDORFF_BINARY_CODERS,
  KRIPPENDORFF_CODERS,
} from './published-examples';

describe('computeKrippendorffAlpha', () => {
  const coders = convertCoderRowsToRatings(KRIPPENDORFF_CODERS);

  it('matches Krippendorff’s 4 coders × 12 units example: nominal 0.743', () => {
    expect(computeKrippendorffAlpha(coders).value).toBeCloseTo(0.743, 3);
    // irrCAC's krippen.alpha.raw prints the same value to five places.
    expect(computeKrippendorffAlpha(coders).value).toBeCloseTo(0.74342, 5);
  });

  it('matches the same example with the interval metric: 0.849', () => {
    expect(computeKrippendorffAlpha(coders, { metric: 'interval' }).value).toBeCloseTo(0.849, 3);
  });

  it('drops the unit with a single value: adding more lone values changes nothing', () => {
    const lone = [...coders, { item: 'u13', annotator: 'A', label: '4' }, { item: 'u14', annotator: 'B', label: '1' }];
    expect(computeKrippendorffAlpha(lone).value).toBeCloseTo(computeKrippendorffAlpha(coders).value!, 12);
  });

  it('matches the binary 2 × 10 example: 0.095', () => {
    expect(computeKrippendorffAlpha(convertCoderRowsToRatings(KRIPPENDORFF_BINARY_CODERS)).value).toBeCloseTo(0.095, 3);
  });

  it('matches the abstractors table as two coders: 0.797 (irrCAC 0.7972585)', () => {
    const alpha = computeKrippendorffAlpha(convertContingencyTableToRatings(COHEN_TABLE_ABSTRACTORS, ['E', 'A', 'N']));
    expect(alpha.value).toBeCloseTo(0.7972585, 7);
  });

  it('says why the interval metric cannot run on non-numeric labels', () => {
    const alpha = computeKrippendorffAlpha(
      [
        { item: 'u1', annotator: 'A', label: 'low' },
        { item: 'u1', annotator: 'B', label: 'high' },
      ],
      { metric: 'interval' },
    );
    expect(alpha).toEqual({ value: null, reason: 'the interval metric needs numeric labels, and "low" is not a number' });
  });

  it('keeps interval alpha exact for large label values (centring)', () => {
    const shifted = coders.map((rating) => ({ ...rating, label: String(Number(rating.label) + 1e9) }));
    expect(computeKrippendorffAlpha(shifted, { metric: 'interval' }).value).toBeCloseTo(
      computeKrippendorffAlpha(coders, { metric: 'interval' }).value!,
      10,
    );
  });
});

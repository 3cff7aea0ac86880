import { describe, expect, it } from 'vitest';
import { computeCohenKappa, computeCohenKappaFromTable, computePairwiseCohenKappa } from './cohen-kappa';
import {
  COHEN_TABLE_ABSTRACTORS,
  COHEN_TABLE_SPARSE_FIRST_CATEGORY,
  convertCoderRowsToRatings,
  convertContingencyTableToRatings,
  KRIPPENDORFF_CODERS,
} from './published-examples';

describe('computeCohenKappaFromTable', () => {
  it('matches the published 3 × 3 example: 0.4842, linear-weighted 0.4701', () => {
    expect(computeCohenKappaFromTable(COHEN_TABLE_SPARSE_FIRST_CATEGORY).value).toBeCloseTo(0.4842, 4);
    expect(computeCohenKappaFromTable(COHEN_TABLE_SPARSE_FIRST_CATEGORY, { weighting: 'linear' }).value).toBeCloseTo(0.4701, 4);
  });

  it('matches Gwet / irrCAC on cont3x3abstractors: 0.7964094', () => {
    const kappa = computeCohenKappaFromTable(COHEN_TABLE_ABSTRACTORS);
    expect(kappa.value).toBeCloseTo(0.7964094, 7);
    expect(kappa.value !== null && kappa.observedAgreement).toBeCloseTo(0.89, 10);
  });

  it('equals unweighted kappa for two categories whatever the weighting', () => {
    const table = [
      [20, 5],
      [10, 15],
    ];
    const unweighted = computeCohenKappaFromTable(table).value;
    expect(unweighted).toBeCloseTo(0.4, 10);
    expect(computeCohenKappaFromTable(table, { weighting: 'linear' }).value).toBeCloseTo(unweighted!, 12);
    expect(computeCohenKappaFromTable(table, { weighting: 'quadratic' }).value).toBeCloseTo(unweighted!, 12);
  });

  it('is undefined, with a reason, when both annotators used one label throughout', () => {
    const kappa = computeCohenKappaFromTable([
      [0, 0],
      [0, 7],
    ]);
    expect(kappa.value).toBeNull();
    expect(kappa.value === null && kappa.reason).toMatch(/chance agreement is 1/);
  });

  it('rejects a table that is not square', () => {
    expect(() => computeCohenKappaFromTable([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('computeCohenKappa / computePairwiseCohenKappa on ratings', () => {
  const abstractors = convertContingencyTableToRatings(COHEN_TABLE_ABSTRACTORS, ['Ectopic', 'AIU', 'NIU']);

  it('gives the table’s kappa from long-form ratings', () => {
    const kappa = computeCohenKappa(abstractors, 'A', 'B');
    expect(kappa.value).toBeCloseTo(0.7964094, 7);
    expect(kappa.n).toBe(100);
  });

  it('pairs only the items both annotators rated', () => {
    const extra = [...abstractors, { item: 'only-A', annotator: 'A', label: 'NIU' }];
    expect(computeCohenKappa(extra, 'A', 'B').n).toBe(100);
    expect(computeCohenKappa(extra, 'A', 'nobody').value).toBeNull();
  });

  it('lists every overlapping pair once with n, and averages the defined kappas (Light’s kappa)', () => {
    const { pairs, mean } = computePairwiseCohenKappa(convertCoderRowsToRatings(KRIPPENDORFF_CODERS));
    expect(pairs.map(({ a, b, n }) => `${a}-${b}:${n}`)).toEqual(['A-B:9', 'A-C:8', 'A-D:9', 'B-C:9', 'B-D:10', 'C-D:10']);
    for (const pair of pairs) {
      expect(pair.kappa).toBeCloseTo(computeCohenKappa(convertCoderRowsToRatings(KRIPPENDORFF_CODERS), pair.a, pair.b).value!, 12);
    }
    const average = pairs.reduce((sum, pair) => sum + pair.kappa!, 0) / pairs.length;
    expect(mean.value).toBeCloseTo(average, 12);
  });
});

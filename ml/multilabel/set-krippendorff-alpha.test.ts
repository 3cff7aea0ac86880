import { describe, expect, it } from 'vitest';
import { computeBootstrapCi } from '../agreement/bootstrap';
import { computeKrippendorffAlpha } from '../agreement/krippendorff-alpha';
import { convertCoderRowsToRatings, KRIPPENDORFF_CODERS } from '../agreement/published-examples';
import { weightRatingIndex } from '../agreement/ratings';
import { indexLabelSetRatings, type TLabelSetRating } from './label-set-ratings';
import { computeJaccardDistance, computeMasiDistance, NLTK_MASI_WEIGHTS } from './set-distances';
import { computeAlphaWithDistances, computeSetDistances, computeSetKrippendorffAlpha, createSetAlphaMetric } from './set-krippendorff-alpha';

/**
 * Two coders, three units:  u1 A {a}   B {a};  u2 A {a,b}  B {a};  u3 A {c}  B {} ("none").
 * Distinct sets S0 {a} (3 answers), S1 {a,b} (1), S2 {c} (1), S3 {} (1); n = 6 pairable answers.
 * MASI: d(S0,S1) = 1 − (1/2)(2/3) = 2/3, every other pair is disjoint (or empty vs non-empty): 1.
 *   D_o = [u2: 2·(2/3) + u3: 2·1] / 6 = (10/3)/6 = 5/9
 *   D_e = 2·[3·1·(2/3) + 3·1 + 3·1 + 1 + 1 + 1] / (6·5) = 22/30 = 11/15
 *   α = 1 − (5/9)/(11/15) = 1 − 75/99 = 8/33 = 0.242424…
 * Jaccard: d(S0,S1) = 1/2, others 1.
 *   D_o = (1 + 2)/6 = 1/2,  D_e = 2·[1.5 + 3 + 3 + 3]/30 = 0.7,  α = 1 − 5/7 = 2/7 = 0.285714…
 * NLTK weights (M = 0.67): d(S0,S1) = 0.665; D_o = (1.33 + 2)/6 = 0.555, D_e = 2·(1.995 + 9)/30 = 0.733,
 *   α = 1 − 0.555/0.733 = 0.242838… (NLTK's AnnotationTask(distance=masi_distance).alpha() formula).
 */
const SMALL: TLabelSetRating[] = [
  { item: 'u1', annotator: 'A', labels: ['a'] },
  { item: 'u1', annotator: 'B', labels: ['a'] },
  { item: 'u2', annotator: 'A', labels: ['a', 'b'] },
  { item: 'u2', annotator: 'B', labels: ['a'] },
  { item: 'u3', annotator: 'A', labels: ['c'] },
  { item: 'u3', annotator: 'B', labels: [] },
];

describe('computeSetKrippendorffAlpha', () => {
  const index = indexLabelSetRatings(SMALL);

  it('matches the hand computation with MASI: 8/33', () => {
    const alpha = computeSetKrippendorffAlpha(index);
    expect(alpha.value).toBeCloseTo(8 / 33, 12);
    if (alpha.value === null) throw new Error('undefined');
    expect(alpha.observedDisagreement).toBeCloseTo(5 / 9, 12);
    expect(alpha.expectedDisagreement).toBeCloseTo(11 / 15, 12);
  });

  it('matches the hand computation with Jaccard: 2/7', () => {
    expect(computeSetKrippendorffAlpha(index, computeJaccardDistance).value).toBeCloseTo(2 / 7, 12);
  });

  it('matches the hand computation with NLTK’s rounded MASI weights: 0.242838', () => {
    const alpha = computeSetKrippendorffAlpha(index, (a, b) => computeMasiDistance(a, b, NLTK_MASI_WEIGHTS));
    expect(alpha.value).toBeCloseTo(1 - 0.555 / 0.733, 12);
  });

  it('reduces to the published nominal alpha when every answer is one label: Krippendorff’s 4 × 12 example, 0.743', () => {
    const singletons = convertCoderRowsToRatings(KRIPPENDORFF_CODERS).map((r) => ({ item: r.item, annotator: r.annotator, labels: [r.label] }));
    const setIndex = indexLabelSetRatings(singletons);
    expect(computeSetKrippendorffAlpha(setIndex).value).toBeCloseTo(0.743, 3);
    expect(computeSetKrippendorffAlpha(setIndex, computeJaccardDistance).value).toBeCloseTo(0.74342, 5);
  });

  it('drops units with a single answer', () => {
    const withLone = indexLabelSetRatings([...SMALL, { item: 'u4', annotator: 'A', labels: ['b', 'c'] }]);
    expect(computeSetKrippendorffAlpha(withLone).value).toBeCloseTo(8 / 33, 12);
  });

  it('says why when every answer is the same set', () => {
    const same = indexLabelSetRatings([
      { item: 'u1', annotator: 'A', labels: [] },
      { item: 'u1', annotator: 'B', labels: [] },
    ]);
    const alpha = computeSetKrippendorffAlpha(same);
    expect(alpha.value).toBeNull();
  });

  it('counts an item weight of 2 as the item twice (what the bootstrap relies on)', () => {
    const duplicated = indexLabelSetRatings([...SMALL, { item: 'u2b', annotator: 'A', labels: ['a', 'b'] }, { item: 'u2b', annotator: 'B', labels: ['a'] }]);
    const distances = computeSetDistances(index.sets, computeMasiDistance);
    const weighted = computeAlphaWithDistances(weightRatingIndex(index.ratings, Float64Array.from([1, 2, 1])), distances);
    expect(weighted.value).toBeCloseTo(computeSetKrippendorffAlpha(duplicated).value!, 12);
  });

  it('runs under the item bootstrap of ml/agreement: an interval around the estimate', () => {
    const many = indexLabelSetRatings(Array.from({ length: 10 }, (_, copy) => SMALL.map((r) => ({ ...r, item: `${r.item}-${copy}` }))).flat());
    const interval = computeBootstrapCi(many.ratings, createSetAlphaMetric(many), { samples: 200, seed: 3 });
    const value = computeSetKrippendorffAlpha(many).value!;
    expect(interval.ci95).not.toBeNull();
    expect(interval.ci95![0]).toBeLessThan(value);
    expect(interval.ci95![1]).toBeGreaterThan(value);
  });

  it('agrees with the nominal alpha of ml/agreement on singleton answers with missing values', () => {
    const ratings = convertCoderRowsToRatings(KRIPPENDORFF_CODERS);
    const setIndex = indexLabelSetRatings(ratings.map((r) => ({ item: r.item, annotator: r.annotator, labels: [r.label] })));
    expect(computeSetKrippendorffAlpha(setIndex).value).toBeCloseTo(computeKrippendorffAlpha(ratings).value!, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '@/ml/random';
import { computeBootstrapCi } from './bootstrap';
import { computeCohenKappa, computePairwiseCohenKappa } from './cohen-kappa';
import { collapseRatingIndex } from './collapse';
import { aggregateDawidSkene } from './dawid-skene';
import { computeFleissKappa } from './fleiss-kappa';
import { computeGwetAC1 } from './gwet-ac1';
import { computeKrippendorffAlpha } from './krippendorff-alpha';
import { computePercentAgreement } from './percent-agreement';
import { convertCoderRowsToRatings, KRIPPENDORFF_CATEGORIES, KRIPPENDORFF_CODERS } from './published-examples';
import { indexRatings, weightRatingIndex, type TRating, type TRatingIndex } from './ratings';
import { computeAgreementReport } from './report';

/** `items` items, each rated by `perItem` of `annotators` annotators who are right with probability `accuracy` over `classes` labels. */
function simulateRatings(items: number, annotators: number, perItem: number, classes: number, accuracy: number, seed: number): TRating[] {
  const rng = createRng(seed);
  const ratings: TRating[] = [];
  for (let i = 0; i < items; i++) {
    const truth = rng.int(classes);
    for (const a of rng.sample(Array.from({ length: annotators }, (_, x) => x), perItem)) {
      const label = rng.next() < accuracy ? truth : (truth + 1 + rng.int(classes - 1)) % classes;
      ratings.push({ item: `i${i}`, annotator: `a${a}`, label: `c${label}` });
    }
  }
  return ratings;
}

describe('collapseRatingIndex', () => {
  it('merges items with the same annotators giving the same labels, whatever the order they came in', () => {
    const index = indexRatings([
      { item: 'x', annotator: 'A', label: 'yes' },
      { item: 'x', annotator: 'B', label: 'no' },
      { item: 'y', annotator: 'B', label: 'no' },
      { item: 'y', annotator: 'A', label: 'yes' },
      { item: 'z', annotator: 'A', label: 'no' },
      { item: 'z', annotator: 'B', label: 'yes' },
    ]);
    const collapsed = collapseRatingIndex(index);
    expect(Array.from(collapsed.patternOf)).toEqual([0, 0, 1]);
    expect(Array.from(collapsed.multiplicity)).toEqual([2, 1]);
    expect(collapsed.index.items).toEqual(['x', 'z']);
    expect(collapsed.itemTotal).toBe(3);
  });

  const ratings = simulateRatings(3000, 6, 3, 3, 0.75, 4);
  const full = indexRatings(ratings);
  const collapsed = collapseRatingIndex(full);
  const metrics: Record<string, (index: TRatingIndex) => number | null> = {
    percent: (index) => computePercentAgreement(index).value,
    fleiss: (index) => computeFleissKappa(index).value,
    alpha: (index) => computeKrippendorffAlpha(index).value,
    ac1: (index) => computeGwetAC1(index).value,
    cohenPair: (index) => computeCohenKappa(index, 'a1', 'a4').value,
    cohenMean: (index) => computePairwiseCohenKappa(index).mean.value,
    dawidSkeneLogLikelihood: (index) => aggregateDawidSkene(index).logLikelihood,
  };
  it('has far fewer patterns than items here', () => {
    // 20 annotator triples × 27 label combinations at most.
    expect(collapsed.multiplicity.length).toBeLessThanOrEqual(540);
  });
  for (const [name, compute] of Object.entries(metrics)) {
    it(`gives the same ${name} as the items themselves`, () => {
      expect(compute(collapsed.index)).toBeCloseTo(compute(full)!, 9);
    });
  }

  it('gives every item of a pattern the Dawid–Skene posterior the item-level fit gives it', () => {
    const itemFit = aggregateDawidSkene(full);
    const patternFit = aggregateDawidSkene(collapsed.index);
    const k = full.categories.length;
    for (let i = 0; i < full.items.length; i += 97) {
      const p = collapsed.patternOf[i]!;
      expect(patternFit.consensus[p]).toBe(itemFit.consensus[i]);
      for (let c = 0; c < k; c++) expect(patternFit.posteriors[p * k + c]).toBeCloseTo(itemFit.posteriors[i * k + c]!, 9);
    }
    patternFit.annotatorQuality.forEach((quality, a) => {
      expect(quality.ratings).toBe(itemFit.annotatorQuality[a]!.ratings);
      expect(quality.accuracy).toBeCloseTo(itemFit.annotatorQuality[a]!.accuracy, 9);
    });
  });
});

describe('bootstrap over patterns', () => {
  it('matches resampling the items one by one', () => {
    // The multinomial shortcut (few patterns, many items) against the textbook loop, each with
    // 2000 resamples: the interval ends agree within Monte Carlo error (about ±0.006 here).
    const ratings = simulateRatings(4000, 2, 2, 3, 0.8, 8);
    const index = indexRatings(ratings);
    expect(collapseRatingIndex(index).multiplicity.length * 8).toBeLessThanOrEqual(4000);
    const shortcut = computeBootstrapCi(index, computeKrippendorffAlpha, { samples: 2000, seed: 3 }).ci95!;

    const rng = createRng(77);
    const weights = new Float64Array(index.items.length);
    const weighted = weightRatingIndex(index, weights);
    const estimates: number[] = [];
    for (let b = 0; b < 2000; b++) {
      weights.fill(0);
      for (let draw = 0; draw < index.items.length; draw++) weights[rng.int(index.items.length)]!++;
      estimates.push(computeKrippendorffAlpha(weighted).value!);
    }
    estimates.sort((x, y) => x - y);
    const textbook = [estimates[Math.round(0.025 * 1999)]!, estimates[Math.round(0.975 * 1999)]!];
    expect(Math.abs(shortcut[0] - textbook[0]!)).toBeLessThan(0.012);
    expect(Math.abs(shortcut[1] - textbook[1]!)).toBeLessThan(0.012);
  });

  it('gives the same estimates for the same ratings in another order', () => {
    const ratings = convertCoderRowsToRatings(KRIPPENDORFF_CODERS);
    const forward = computeAgreementReport(ratings, { categories: KRIPPENDORFF_CATEGORIES, bootstrapSamples: 300 });
    const backward = computeAgreementReport([...ratings].reverse(), { categories: KRIPPENDORFF_CATEGORIES, bootstrapSamples: 300 });
    // Item order decides which source item a draw lands on, so only the estimates must agree exactly.
    expect(backward.krippendorff_alpha.value).toBeCloseTo(forward.krippendorff_alpha.value!, 12);
    expect(backward.krippendorff_alpha.value !== null && backward.krippendorff_alpha.ci95).toHaveLength(2);
  });
});

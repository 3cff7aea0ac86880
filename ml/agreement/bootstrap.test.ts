import { describe, expect, it } from 'vitest';
import { computeBootstrapCi } from './bootstrap';
import { computeCohenKappa, computePairwiseCohenKappa } from './cohen-kappa';
import { aggregateDawidSkene } from './dawid-skene';
import { computeFleissKappa } from './fleiss-kappa';
import { computeGwetAC1 } from './gwet-ac1';
import { computeKrippendorffAlpha } from './krippendorff-alpha';
import type { TMetric } from './metric';
import { computePercentAgreement } from './percent-agreement';
import { convertCoderRowsToRatings, KRIPPENDORFF_CATEGORIES, KRIPPENDORFF_CODERS } from './published-examples';
import { createRng } from '@/ml/random';
import { indexRatings, weightRatingIndex, type TRating, type TRatingIndex } from './ratings';

const CODERS = convertCoderRowsToRatings(KRIPPENDORFF_CODERS);

/** Two raters, each right with probability `accuracy` over three classes, errors uniform. */
function simulateTwoRaters(items: number, accuracy: number, seed: number): TRating[] {
  const rng = createRng(seed);
  const ratings: TRating[] = [];
  for (let i = 0; i < items; i++) {
    const truth = rng.int(3);
    for (const annotator of ['A', 'B']) {
      const label = rng.next() < accuracy ? truth : (truth + 1 + rng.int(2)) % 3;
      ratings.push({ item: `i${i}`, annotator, label: String(label) });
    }
  }
  return ratings;
}

describe('weighted indexes (how resamples are represented)', () => {
  // Counting an item w times must be the same as copying it w times under new item ids.
  const weights = new Float64Array([2, 0, 1, 3, 1, 0, 1, 2, 1, 0, 1, 1]);
  const duplicated = CODERS.flatMap((rating) => {
    const times = weights[Number(rating.item.slice(1)) - 1]!;
    return Array.from({ length: times }, (_, copy) => ({ ...rating, item: `${rating.item}#${copy}` }));
  });
  // Declared categories keep q and the category codes the same in both, as they are in a real resample.
  const weighted = weightRatingIndex(indexRatings(CODERS, { categories: KRIPPENDORFF_CATEGORIES }), weights);
  const copied = indexRatings(duplicated, { categories: KRIPPENDORFF_CATEGORIES });
  const metrics: Record<string, (index: TRatingIndex) => number | null> = {
    percent: (index) => computePercentAgreement(index).value,
    fleiss: (index) => computeFleissKappa(index).value,
    alphaNominal: (index) => computeKrippendorffAlpha(index).value,
    alphaInterval: (index) => computeKrippendorffAlpha(index, { metric: 'interval' }).value,
    ac1: (index) => computeGwetAC1(index).value,
    cohenPair: (index) => computeCohenKappa(index, 'B', 'D').value,
    cohenMean: (index) => computePairwiseCohenKappa(index).mean.value,
    dawidSkenePrior: (index) => aggregateDawidSkene(index, { maxIterations: 5 }).classPriors[0]!,
  };
  for (const [name, compute] of Object.entries(metrics)) {
    it(`${name} on a weighted index equals ${name} on copied items`, () => {
      expect(compute(weighted)).toBeCloseTo(compute(copied)!, 12);
    });
  }
});

describe('computeBootstrapCi', () => {
  it('is reproducible from its seed and changes with it', () => {
    const first = computeBootstrapCi(CODERS, computeKrippendorffAlpha, { samples: 200, seed: 5 });
    expect(computeBootstrapCi(CODERS, computeKrippendorffAlpha, { samples: 200, seed: 5 })).toEqual(first);
    expect(computeBootstrapCi(CODERS, computeKrippendorffAlpha, { samples: 200, seed: 6 }).ci95).not.toEqual(first.ci95);
  });

  it('brackets the estimate and narrows like 1/√n', () => {
    const width = (items: number) => {
      const ratings = simulateTwoRaters(items, 0.8, items);
      const estimate = computeFleissKappa(ratings).value!;
      const { ci95 } = computeBootstrapCi(ratings, computeFleissKappa, { samples: 400, seed: 1 });
      expect(ci95).not.toBeNull();
      expect(ci95![0]).toBeLessThan(estimate);
      expect(ci95![1]).toBeGreaterThan(estimate);
      return ci95![1] - ci95![0];
    };
    const ratio = width(400) / width(1600);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
  });

  it('covers the true kappa in most replications', () => {
    // Two raters at 80% accuracy over three balanced classes: po = 0.66, pe = 1/3, κ = 0.49.
    const trueKappa = (0.66 - 1 / 3) / (1 - 1 / 3);
    const replications = 200;
    let covered = 0;
    for (let replication = 0; replication < replications; replication++) {
      const { ci95 } = computeBootstrapCi(simulateTwoRaters(300, 0.8, 10_000 + replication), computeFleissKappa, { samples: 300, seed: replication });
      if (ci95 && ci95[0] <= trueKappa && trueKappa <= ci95[1]) covered++;
    }
    // Percentile intervals run a little under nominal at n = 300 (about 94% in 400 replications
    // here); the bounds catch an interval that is clearly too narrow or too wide.
    expect(covered / replications).toBeGreaterThanOrEqual(0.88);
    expect(covered / replications).toBeLessThanOrEqual(0.99);
  });

  it('gives no interval for zero samples, and skips resamples where the metric is undefined', () => {
    expect(computeBootstrapCi(CODERS, computeFleissKappa, { samples: 0 }).ci95).toBeNull();
    const undefinedEverywhere = (): TMetric => ({ value: null, reason: 'never' });
    expect(computeBootstrapCi(CODERS, undefinedEverywhere, { samples: 20 })).toEqual({ ci95: null, definedSamples: 0, samples: 20 });
  });
});

import { describe, expect, it } from 'vitest';
import { convertCoderRowsToRatings, KRIPPENDORFF_CATEGORIES, KRIPPENDORFF_CODERS } from './published-examples';
import { createRng } from '@/ml/random';
import { indexRatings, type TRating } from './ratings';
import { computeAgreementReport } from './report';

describe('computeAgreementReport', () => {
  const ratings = convertCoderRowsToRatings(KRIPPENDORFF_CODERS);

  it('puts every published number for the 4 × 12 example in one JSON-ready object', () => {
    const report = computeAgreementReport(ratings, { categories: KRIPPENDORFF_CATEGORIES });
    expect(report).toMatchObject({ items: 12, annotators: 4, ratings: 41, categories: KRIPPENDORFF_CATEGORIES, bootstrap: null });
    expect(report.percent_agreement.value).toBeCloseTo(0.8181818, 7);
    expect(report.fleiss_kappa.value).toBeCloseTo(0.76117, 5);
    expect(report.krippendorff_alpha.value).toBeCloseTo(0.743, 3);
    expect(report.gwet_ac1).toMatchObject({ ci95: null });
    expect(report.gwet_ac1.value).toBeCloseTo(0.77544, 5);
    expect(report.gwet_ac1.value !== null && report.gwet_ac1.chance_agreement).toBeCloseTo(0.1903212, 7);
    expect(report.cohen_kappa_pairwise).toHaveLength(6);
    expect(report.dawid_skene.converged).toBe(true);
    expect(report.dawid_skene.annotators.map((annotator) => annotator.annotator)).toEqual(['A', 'B', 'C', 'D']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('adds seeded bootstrap intervals around each value when asked', () => {
    const report = computeAgreementReport(ratings, { bootstrapSamples: 200, seed: 9 });
    expect(report.bootstrap).toEqual({ samples: 200, seed: 9 });
    for (const metric of [report.percent_agreement, report.cohen_kappa_mean, report.fleiss_kappa, report.krippendorff_alpha, report.gwet_ac1]) {
      if (metric.value === null) throw new Error(metric.reason);
      const [low, high] = metric.ci95 as [number, number];
      expect(low).toBeLessThanOrEqual(metric.value);
      expect(high).toBeGreaterThanOrEqual(metric.value);
    }
    expect(computeAgreementReport(ratings, { bootstrapSamples: 200, seed: 9 })).toEqual(report);
  });

  it('recovers known agreement and annotator accuracy on a large synthetic set', () => {
    // Three of 20 annotators per item, each right 80% of the time over three balanced classes, so
    // pairwise agreement is 0.8² + 0.2²/2 = 0.66 and every annotator's accuracy is 0.8.
    const rng = createRng(11);
    const annotators = Array.from({ length: 20 }, (_, a) => `w${a}`);
    const many: TRating[] = [];
    // Speed at 1M items is measured by `npm run bench -- quality`, never asserted here.
    for (let i = 0; i < 100_000; i++) {
      const truth = rng.int(3);
      const first = rng.int(20);
      for (let r = 0; r < 3; r++) {
        const label = rng.next() < 0.8 ? truth : (truth + 1 + rng.int(2)) % 3;
        many.push({ item: `item-${i}`, annotator: annotators[(first + 7 * r) % 20]!, label: String(label) });
      }
    }
    const report = computeAgreementReport(indexRatings(many));
    expect(report.items).toBe(100_000);
    expect(report.percent_agreement.value).toBeCloseTo(0.66, 2);
    for (const { accuracy } of report.dawid_skene.annotators) expect(Math.abs(accuracy - 0.8)).toBeLessThan(0.02);
  }, 120_000);
});

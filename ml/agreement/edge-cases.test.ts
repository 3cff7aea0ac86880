import { describe, expect, it } from 'vitest';
import { computePairwiseCohenKappa } from './cohen-kappa';
import { computeFleissKappa } from './fleiss-kappa';
import { computeGwetAC1 } from './gwet-ac1';
import { computeKrippendorffAlpha } from './krippendorff-alpha';
import type { TMetric } from './metric';
import { computePercentAgreement } from './percent-agreement';
import { indexRatings, type TRating, type TRatingIndex } from './ratings';
import { computeAgreementReport } from './report';

const METRICS: Record<string, (index: TRatingIndex) => TMetric> = {
  percentAgreement: computePercentAgreement,
  pairwiseCohenMean: (index) => computePairwiseCohenKappa(index).mean,
  fleissKappa: computeFleissKappa,
  krippendorffNominal: computeKrippendorffAlpha,
  krippendorffInterval: (index) => computeKrippendorffAlpha(index, { metric: 'interval' }),
  gwetAC1: computeGwetAC1,
};

const rate = (item: string, annotator: string, label: string): TRating => ({ item, annotator, label });

const CASES: Record<string, TRating[]> = {
  'empty input': [],
  'a single rating': [rate('u1', 'A', '1')],
  'a single category': [rate('u1', 'A', '1'), rate('u1', 'B', '1'), rate('u2', 'A', '1'), rate('u2', 'B', '1')],
  'one rater per item': [rate('u1', 'A', '1'), rate('u2', 'A', '2'), rate('u3', 'B', '1')],
  'no overlapping pair': [rate('u1', 'A', '1'), rate('u2', 'B', '2')],
  'perfect agreement': [rate('u1', 'A', '1'), rate('u1', 'B', '1'), rate('u2', 'A', '2'), rate('u2', 'B', '2')],
};

describe('every metric on degenerate input', () => {
  for (const [caseName, ratings] of Object.entries(CASES)) {
    for (const [metricName, compute] of Object.entries(METRICS)) {
      it(`${metricName} on ${caseName}: a finite value or a reason, never NaN or a throw`, () => {
        const metric = compute(indexRatings(ratings));
        if (metric.value === null) expect(metric.reason.length).toBeGreaterThan(0);
        else expect(Number.isFinite(metric.value)).toBe(true);
      });
    }
  }

  it('gives the expected verdicts where the answer is known', () => {
    const verdict = (caseName: string, metricName: string) => METRICS[metricName]!(indexRatings(CASES[caseName]!)).value;
    expect(verdict('empty input', 'fleissKappa')).toBeNull();
    expect(verdict('one rater per item', 'krippendorffNominal')).toBeNull();
    expect(verdict('no overlapping pair', 'pairwiseCohenMean')).toBeNull();
    // One label everywhere: raw agreement is perfect, chance-corrected agreement is 0/0.
    expect(verdict('a single category', 'percentAgreement')).toBe(1);
    expect(verdict('a single category', 'fleissKappa')).toBeNull();
    expect(verdict('a single category', 'krippendorffNominal')).toBeNull();
    expect(verdict('a single category', 'gwetAC1')).toBeNull();
    for (const metricName of Object.keys(METRICS)) expect(verdict('perfect agreement', metricName)).toBeCloseTo(1, 12);
  });

  it('AC1 stays defined with one observed label when two categories were declared (its point over kappa)', () => {
    const ac1 = computeGwetAC1(CASES['a single category']!, { categories: ['1', '2'] });
    expect(ac1.value).toBe(1);
  });

  it('builds a full report on empty input', () => {
    const report = computeAgreementReport([], { bootstrapSamples: 10 });
    expect(report.items).toBe(0);
    expect(report.fleiss_kappa).toEqual({ value: null, reason: 'no ratings' });
    expect(report.cohen_kappa_pairwise).toEqual([]);
    expect(report.dawid_skene.annotators).toEqual([]);
    expect(findNonFiniteNumbers(report)).toEqual([]);
  });
});

function findNonFiniteNumbers(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => findNonFiniteNumbers(child, `${path}.${key}`));
}

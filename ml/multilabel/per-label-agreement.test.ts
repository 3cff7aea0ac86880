import { describe, expect, it } from 'vitest';
import { convertCoderRowsToRatings, KRIPPENDORFF_BINARY_CODERS } from '../agreement/published-examples';
import { indexLabelSetRatings, type TLabelSetRating } from './label-set-ratings';
import { reduceToLabelPresence } from './label-presence-ratings';
import { computePerLabelAgreement } from './per-label-agreement';

describe('computePerLabelAgreement', () => {
  // Krippendorff's binary 2 × 10 example as one label "x": 1 → {x}, 0 → {} ("none of these").
  const binary: TLabelSetRating[] = convertCoderRowsToRatings(KRIPPENDORFF_BINARY_CODERS).map((r) => ({
    item: r.item,
    annotator: r.annotator,
    labels: r.label === '1' ? ['x'] : [],
  }));

  it('gives the published binary alpha for a label: 0.095', () => {
    const [x] = computePerLabelAgreement(indexLabelSetRatings(binary, { labels: ['x'] }));
    expect(x!.krippendorffAlpha.value).toBeCloseTo(0.095, 3);
  });

  it('gives Cohen’s kappa on present/absent: 0.0909 by hand', () => {
    // A×B table over 10 units: both present 1 (u2), A only 1 (u9), B only 3 (u1, u3, u6), neither 5.
    // p_o = 6/10; A present 2/10, B present 4/10: p_e = 0.2·0.4 + 0.8·0.6 = 0.56; κ = 0.04/0.44.
    const [x] = computePerLabelAgreement(indexLabelSetRatings(binary, { labels: ['x'] }));
    expect(x!.cohenKappaMean.value).toBeCloseTo(0.04 / 0.44, 12);
    expect(x!.percentAgreement.value).toBeCloseTo(0.6, 12);
    expect(x!.positiveAnswers).toBe(6);
  });

  it('separates a clear label from unclear ones', () => {
    // u1 A {a} B {a};  u2 A {a,b} B {a};  u3 A {c} B {}.
    // a: P P | P P | A A → no disagreement, α = 1.
    // b: A A | P A | A A → n = 6, n_P = 1: D_o = 2/6, D_e = 2·1·5/30 = 1/3, α = 0. Same for c.
    const index = indexLabelSetRatings([
      { item: 'u1', annotator: 'A', labels: ['a'] },
      { item: 'u1', annotator: 'B', labels: ['a'] },
      { item: 'u2', annotator: 'A', labels: ['a', 'b'] },
      { item: 'u2', annotator: 'B', labels: ['a'] },
      { item: 'u3', annotator: 'A', labels: ['c'] },
      { item: 'u3', annotator: 'B', labels: [] },
    ]);
    const [a, b, c] = computePerLabelAgreement(index);
    expect(a!.krippendorffAlpha.value).toBeCloseTo(1, 12);
    expect(b!.krippendorffAlpha.value).toBeCloseTo(0, 12);
    expect(c!.krippendorffAlpha.value).toBeCloseTo(0, 12);
  });

  it('reports a declared label nobody chose as unavailable, with a reason', () => {
    const [, never] = computePerLabelAgreement(indexLabelSetRatings(binary, { labels: ['x', 'never'] }));
    expect(never!.krippendorffAlpha.value).toBeNull();
    expect(never!.positiveAnswers).toBe(0);
  });

  it('adds bootstrap intervals that bracket the estimate', () => {
    const many = Array.from({ length: 5 }, (_, copy) => binary.map((r) => ({ ...r, item: `${r.item}-${copy}` }))).flat();
    const [x] = computePerLabelAgreement(indexLabelSetRatings(many), { bootstrapSamples: 200, seed: 2 });
    if (x!.krippendorffAlpha.value === null) throw new Error('undefined');
    const [low, high] = x!.krippendorffAlpha.ci95!;
    expect(low).toBeLessThan(x!.krippendorffAlpha.value);
    expect(high).toBeGreaterThan(x!.krippendorffAlpha.value);
  });
});

describe('reduceToLabelPresence', () => {
  it('keeps items, annotators and missing answers, coding present as 1', () => {
    const index = indexLabelSetRatings([
      { item: 'i1', annotator: 'A', labels: ['p', 'q'] },
      { item: 'i1', annotator: 'B', labels: ['q'] },
      { item: 'i2', annotator: 'B', labels: [] },
    ]);
    const p = reduceToLabelPresence(index, 0);
    expect(p.items).toEqual(['i1', 'i2']);
    expect(Array.from(p.ratingLabel)).toEqual([1, 0, 0]);
    expect(Array.from(reduceToLabelPresence(index, 1).ratingLabel)).toEqual([1, 1, 0]);
  });
});

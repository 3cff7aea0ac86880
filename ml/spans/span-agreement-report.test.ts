import { describe, expect, it } from 'vitest';
import { computeSpanAgreementReport } from './span-agreement-report';
import { tokenizeText } from './tokenize-text';

const PER = 1;
const LOC = 2;
const LABELS = [
  { id: PER, name: 'PER' },
  { id: LOC, name: 'LOC' },
  { id: 3, name: 'ORG' },
];

function spanOf(text: string, word: string, labelId: number) {
  const start = text.indexOf(word);
  return { start, end: start + word.length, labelId };
}

/**
 * Two annotators, two items, ten tokens:
 *   "Ann met Bob in Paris today"  A: Ann PER, Paris LOC      B: Ann PER, Bob PER
 *   "New York is big"             A: New York LOC            B: York LOC
 */
const ONE = 'Ann met Bob in Paris today';
const TWO = 'New York is big';
const ITEMS = [
  {
    item: '1',
    tokens: tokenizeText(ONE),
    annotations: [
      { annotator: 'A', spans: [spanOf(ONE, 'Ann', PER), spanOf(ONE, 'Paris', LOC)] },
      { annotator: 'B', spans: [spanOf(ONE, 'Ann', PER), spanOf(ONE, 'Bob', PER)] },
    ],
  },
  { item: '2', tokens: tokenizeText(TWO), annotations: [{ annotator: 'A', spans: [spanOf(TWO, 'New York', LOC)] }, { annotator: 'B', spans: [spanOf(TWO, 'York', LOC)] }] },
  // One answer only: nothing to compare, left out.
  { item: '3', tokens: tokenizeText('Oslo'), annotations: [{ annotator: 'A', spans: [{ start: 0, end: 4, labelId: LOC }] }] },
];

describe('computeSpanAgreementReport', () => {
  const report = computeSpanAgreementReport(ITEMS, LABELS);

  it('counts what it compares', () => {
    expect(report).toMatchObject({ items: 2, annotators: 2, answers: 4, spans: 6, tokens: 10 });
  });

  it('gives span F1 computed by hand', () => {
    // Exact: only Ann PER matches, once on each side: 2·1 / (2 + 2 + 1 + 1) = 1/3.
    expect(report.exactF1.value).toBeCloseTo(1 / 3, 12);
    // Partial: Ann 1 + 1, Paris 0, Bob 0, New York ½ (York of its two tokens), York 1: 3.5 / 6.
    expect(report.partialF1.value).toBeCloseTo(3.5 / 6, 12);
    expect(report.pairs).toEqual([{ a: 'A', b: 'B', items: 2, exactF1: 1 / 3, partialF1: 3.5 / 6, tokenKappa: expect.any(Number), unitizingAlpha: expect.any(Number) }]);
  });

  it('gives token α and κ computed by hand', () => {
    // Tags per token (A, B): Ann P P, met O O, Bob O P, in O O, Paris L O, today O O, New L O, York L L, is O O, big O O.
    // α: 20 values (O 13, P 3, L 4), 3 disagreeing units: Do = 6/20, De = (400 − 169 − 9 − 16)/380, α = 92/206.
    expect(report.tokenAlpha.value).toBeCloseTo(92 / 206, 12);
    // κ: po = 7/10, pe = (6·7 + 1·2 + 3·1)/100 = 0.47, κ = 0.23/0.53.
    expect(report.tokenKappa.value).toBeCloseTo(0.23 / 0.53, 12);
    expect(report.pairs[0]!.tokenKappa).toBeCloseTo(0.23 / 0.53, 12);
  });

  it("gives Krippendorff's unitizing α computed by hand (2004, pp. 251–256), in token units", () => {
    // Continuum of L = 10 tokens, m = 2. PER: A [0,1); B [0,1), [2,3). Only B's [2,3) inside A's gap [1,10) disagrees:
    //   Do = 2·1² / (2·1·10²) = 0.01; De = (2/10)·3·(9 + 1 + 7) / (20·19) = 10.2/380; α_PER = 1 − 3.8/10.2.
    // LOC: A [4,5), [6,8); B [7,8). A's [4,5) lies in B's gap [0,7) (1²) and [6,8) vs [7,8) is (6−7)² + 0²:
    //   Do = 2·2 / 200 = 0.02; De = (2/10)·(16 + 16 + 4 + 4·11) / (380 − 2) = 16/378; α_LOC = 1 − 0.4725.
    // Overall 1 − (0.01 + 0.02) / (10.2/380 + 16/378).
    const dePer = 10.2 / 380;
    const deLoc = 16 / 378;
    expect(report.unitizingAlpha.value).toBeCloseTo(1 - 0.03 / (dePer + deLoc), 10);
    expect(report.pairs[0]!.unitizingAlpha).toBeCloseTo(1 - 0.03 / (dePer + deLoc), 10);
    const byLabel = new Map(report.perLabel.map((row) => [row.label, row]));
    expect(byLabel.get('PER')!.unitizingAlpha.value).toBeCloseTo(1 - 0.01 / dePer, 10);
    expect(byLabel.get('LOC')!.unitizingAlpha.value).toBeCloseTo(1 - 0.02 / deLoc, 10);
  });

  it('gives the same measures label by label, leaving out labels nobody used', () => {
    expect(report.perLabel.map((row) => row.label)).toEqual(['PER', 'LOC']);
    const [per, loc] = report.perLabel;
    // PER: A {Ann}, B {Ann, Bob}: exact and partial 2/3; binary token α: 20 values (P 3, O 17), Bob disagrees: 1 − 0.1/(102/380).
    expect(per).toMatchObject({ spans: 3 });
    expect(per!.exactF1.value).toBeCloseTo(2 / 3, 12);
    expect(per!.partialF1.value).toBeCloseTo(2 / 3, 12);
    expect(per!.tokenAlpha.value).toBeCloseTo(1 - 0.1 / (102 / 380), 12);
    // LOC: A {Paris, New York}, B {York}: exact 0, partial (0 + ½ + 1)/3; token α: L 4, O 16, Paris and New disagree: 1 − 0.2/(128/380).
    expect(loc).toMatchObject({ spans: 3 });
    expect(loc!.exactF1.value).toBe(0);
    expect(loc!.partialF1.value).toBeCloseTo(0.5, 12);
    expect(loc!.tokenAlpha.value).toBeCloseTo(1 - 0.2 / (128 / 380), 12);
  });

  it('says why when no item has two answers', () => {
    const empty = computeSpanAgreementReport([ITEMS[2]!], LABELS);
    expect(empty).toMatchObject({ items: 0, exactF1: { value: null }, unitizingAlpha: { value: null }, pairs: [], perLabel: [] });
  });
});

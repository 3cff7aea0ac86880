import { describe, expect, it } from 'vitest';
import { measureSpanModel } from './measure-span-model';
import { buildSpanDictionary, predictDictionarySpans } from './span-dictionary';
import { tokenizeText } from './tokenize-text';

const PER = 1;
const LOC = 2;
//            0         1         2         3         4
//            0123456789012345678901234567890123456789012345
const TEXT = 'Ada Lovelace met Charles Babbage in London .';
const GOLD = [
  { start: 0, end: 12, labelId: PER }, // Ada Lovelace
  { start: 17, end: 32, labelId: PER }, // Charles Babbage
  { start: 36, end: 42, labelId: LOC }, // London
];
const PREDICTED = [
  { start: 4, end: 12, labelId: PER }, // Lovelace: one word short
  { start: 17, end: 32, labelId: PER }, // right
  { start: 36, end: 42, labelId: PER }, // London, wrong label
];

describe('measureSpanModel', () => {
  it('gives the hand-computed exact, partial, token and per-label figures', () => {
    const metrics = measureSpanModel([{ tokens: tokenizeText(TEXT), gold: GOLD, predicted: PREDICTED }], [PER, LOC]);
    // Exact: Charles Babbage only: P 1/3, R 1/3, F1 1/3.
    expect(metrics.exact).toMatchObject({ correct: 1, predicted: 3, gold: 3 });
    expect(metrics.exact.f1).toBeCloseTo(1 / 3, 12);
    // Partial, gold side: Ada Lovelace ½ (Lovelace), Charles Babbage 1, London (LOC) 0 → 1.5;
    // model side: Lovelace 1, Charles Babbage 1, London (PER) 0 → 2; (1.5 + 2) / (3 + 3).
    expect(metrics.partialF1).toBeCloseTo(3.5 / 6, 12);
    // Tokens (IO): gold Ada Lovelace Charles Babbage London = 5; predicted Lovelace Charles Babbage London = 4;
    // same label on Lovelace, Charles, Babbage = 3: P 3/4, R 3/5, F1 6/9.
    expect(metrics.token.precision).toBeCloseTo(0.75, 12);
    expect(metrics.token.recall).toBeCloseTo(0.6, 12);
    expect(metrics.token.f1).toBeCloseTo(2 / 3, 12);
    // PER: 1 right of 3 predicted and 2 gold (P 1/3, R 1/2, F1 2/5); LOC: none predicted of 1 gold.
    expect(metrics.perLabel).toEqual([
      { labelId: PER, gold: 2, predicted: 3, correct: 1, precision: 1 / 3, recall: 0.5, f1: 0.4 },
      { labelId: LOC, gold: 1, predicted: 0, correct: 0, precision: null, recall: 0, f1: 0 },
    ]);
  });
});

describe('the dictionary baseline', () => {
  it('tags training phrases wherever they recur, longest first, with their most frequent label', () => {
    const dictionary = buildSpanDictionary([
      { text: TEXT, spans: GOLD },
      { text: 'London Zoo is in London .', spans: [{ start: 0, end: 10, labelId: LOC }, { start: 17, end: 23, labelId: PER }] },
      { text: 'Back to London .', spans: [{ start: 8, end: 14, labelId: PER }] },
    ]);
    //            0         1         2         3
    //            0123456789012345678901234567890123
    const text = 'ada lovelace saw London Zoo .';
    // "London Zoo" beats "London"; "London" alone was PER twice and LOC once.
    expect(predictDictionarySpans(dictionary, text)).toEqual([
      { start: 0, end: 12, labelId: PER },
      { start: 17, end: 27, labelId: LOC },
    ]);
    expect(predictDictionarySpans(dictionary, 'Off to London')).toEqual([{ start: 7, end: 13, labelId: PER }]);
  });
});

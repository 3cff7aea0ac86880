import { describe, expect, it } from 'vitest';
import { evaluateSpanPredictions } from './evaluate-span-predictions';
import { tokenizeText } from './tokenize-text';

describe('evaluateSpanPredictions', () => {
  it('gives hand-computed span and token precision, recall and F1', () => {
    const tokens = tokenizeText('Ada Lovelace met Charles Babbage in London .');
    const gold = [
      { start: 0, end: 12, labelId: 1 },
      { start: 17, end: 32, labelId: 1 },
      { start: 36, end: 42, labelId: 2 },
    ];
    const predicted = [
      { start: 4, end: 12, labelId: 1 }, // Lovelace: wrong boundary
      { start: 17, end: 32, labelId: 1 }, // right
      { start: 36, end: 42, labelId: 1 }, // wrong label
      { start: 43, end: 44, labelId: 2 }, // "." spurious
    ];
    const result = evaluateSpanPredictions([{ tokens, gold, predicted }]);
    // Spans: 1 correct of 4 predicted and 3 gold: P 1/4, R 1/3, F1 2/7.
    expect(result.span).toMatchObject({ correct: 1, predicted: 4, gold: 3, precision: 0.25, recall: 1 / 3 });
    expect(result.span.f1).toBeCloseTo(2 / 7, 12);
    // Tokens: gold non-O 5 (Ada Lovelace Charles Babbage London); predicted non-O 5 (Lovelace Charles Babbage London .);
    // correct 3 (Lovelace, Charles, Babbage): P 3/5, R 3/5, F1 3/5.
    expect(result.token.precision).toBeCloseTo(0.6, 12);
    expect(result.token.recall).toBeCloseTo(0.6, 12);
    expect(result.token.f1).toBeCloseTo(0.6, 12);
  });

  it('is undefined, not zero, where nothing was predicted or expected', () => {
    const tokens = tokenizeText('nothing here');
    const result = evaluateSpanPredictions([{ tokens, gold: [], predicted: [] }]);
    expect(result.span.f1).toBeNull();
    expect(result.token.precision).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { decodeBioGreedy, decodeBioSpans, decodeBioViterbi, encodeBioTags } from './bio-tags';
import { tokenizeText } from './tokenize-text';

const TEXT = 'Ada Lovelace met Charles Babbage in London .';
const TOKENS = tokenizeText(TEXT);
const PER = 7;
const LOC = 3;
const LABELS = [PER, LOC]; // classes: 0 O, 1 B-PER, 2 I-PER, 3 B-LOC, 4 I-LOC

describe('encodeBioTags', () => {
  it('tags B on the first token and I on the rest, by label order', () => {
    const spans = [
      { start: 36, end: 42, labelId: LOC },
      { start: 0, end: 12, labelId: PER },
      { start: 17, end: 32, labelId: PER },
    ];
    expect(Array.from(encodeBioTags(TOKENS, spans, LABELS).tags)).toEqual([1, 2, 0, 1, 2, 0, 3, 0]);
  });

  it('leaves out spans BIO cannot hold: overlapping a longer earlier one, or an unknown label', () => {
    const spans = [
      { start: 4, end: 12, labelId: LOC }, // inside Ada Lovelace
      { start: 0, end: 12, labelId: PER },
      { start: 36, end: 42, labelId: 99 },
    ];
    const { tags, skipped } = encodeBioTags(TOKENS, spans, LABELS);
    expect(Array.from(tags)).toEqual([1, 2, 0, 0, 0, 0, 0, 0]);
    expect(skipped).toBe(2);
  });
});

describe('decoding', () => {
  const tokens = tokenizeText('x y z');
  // One label: classes O, B, I.
  const STRAY_I = Float32Array.from([0.6, 0.1, 0.3, 0.2, 0.3, 0.5, 0.3, 0.1, 0.6]);

  it('greedy takes the argmax and a stray I opens a span (conlleval)', () => {
    const tags = decodeBioGreedy(STRAY_I, 3, 1);
    expect(Array.from(tags)).toEqual([0, 2, 2]);
    expect(decodeBioSpans(tokens, tags, STRAY_I, [5])).toEqual([{ start: 2, end: 5, labelId: 5, confidence: 0.5 }]);
  });

  it('Viterbi picks the most probable valid sequence', () => {
    // Products: O B I = .6·.3·.6 = .108 beats O O O .036, O B O .054, B I I .030, O B B .018.
    const tags = decodeBioViterbi(STRAY_I, 3, 1);
    expect(Array.from(tags)).toEqual([0, 1, 2]);
    const [span] = decodeBioSpans(tokens, tags, STRAY_I, [5]);
    expect(span!.confidence).toBeCloseTo(0.3, 6);
  });

  it('Viterbi drops a stray I when O is more probable than any repair', () => {
    // O O O = .9·.45·.9 = .3645 against O B O = .9·.05·.9 = .0405; greedy would keep a span.
    const probs = Float32Array.from([0.9, 0.05, 0.05, 0.45, 0.05, 0.5, 0.9, 0.05, 0.05]);
    expect(Array.from(decodeBioViterbi(probs, 3, 1))).toEqual([0, 0, 0]);
    expect(Array.from(decodeBioGreedy(probs, 3, 1))).toEqual([0, 2, 0]);
  });

  it('agrees with greedy when the argmax sequence is already valid, and splits B B into two spans', () => {
    const probs = Float32Array.from([0.1, 0.8, 0.1, 0.1, 0.7, 0.2, 0.8, 0.1, 0.1]);
    const tags = decodeBioViterbi(probs, 3, 1);
    expect(Array.from(tags)).toEqual(Array.from(decodeBioGreedy(probs, 3, 1)));
    expect(decodeBioSpans(tokens, tags, probs, [5]).map((s) => [s.start, s.end])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(decodeBioViterbi(new Float32Array(0), 0, 1)).toEqual(new Int32Array(0));
  });
});

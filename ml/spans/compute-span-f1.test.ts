import { describe, expect, it } from 'vitest';
import { computeSpanF1 } from './compute-span-f1';
import { computeTokenAgreement } from './compute-token-agreement';
import { labelTokens } from './label-tokens';
import { tokenizeText } from './tokenize-text';

const PER = 1;
const LOC = 2;
//            0         1         2         3         4
//            0123456789012345678901234567890123456789012345
const TEXT = 'Ada Lovelace met Charles Babbage in London .';
const TOKENS = tokenizeText(TEXT); // Ada Lovelace met Charles Babbage in London .

const ANNOTATOR_A = [
  { start: 0, end: 12, labelId: PER }, // Ada Lovelace
  { start: 17, end: 32, labelId: PER }, // Charles Babbage
  { start: 36, end: 42, labelId: LOC }, // London
];
const ANNOTATOR_B = [
  { start: 4, end: 12, labelId: PER }, // Lovelace
  { start: 17, end: 32, labelId: PER },
  { start: 36, end: 42, labelId: PER }, // London, wrong label
];

describe('computeSpanF1', () => {
  const item = { item: '1', tokens: TOKENS, annotations: [{ annotator: 'a', spans: ANNOTATOR_A }, { annotator: 'b', spans: ANNOTATOR_B }] };

  it('exact: 2·TP / (|A| + |B|)', () => {
    // Only Charles Babbage matches: 2·1 / (3 + 3) = 1/3.
    expect(computeSpanF1([item]).exact.value).toBeCloseTo(1 / 3, 12);
  });

  it('partial: token-overlap credit, summed both ways over |A| + |B|', () => {
    // A: Ada Lovelace vs Lovelace 1/2 token; Charles Babbage 1; London (LOC) has no LOC in B: 0 → 1.5
    // B: Lovelace vs Ada Lovelace 1/1; Charles Babbage 1; London (PER) has no PER over it in A: 0 → 2
    // (1.5 + 2) / 6 = 0.583333
    expect(computeSpanF1([item]).partial.value).toBeCloseTo(3.5 / 6, 12);
  });

  it('pools counts over items and pairs (micro average) and reports each pair', () => {
    const agreeing = { item: '2', tokens: TOKENS, annotations: [{ annotator: 'a', spans: ANNOTATOR_A }, { annotator: 'b', spans: ANNOTATOR_A }, { annotator: 'c', spans: [] }] };
    const result = computeSpanF1([item, agreeing]);
    // a–b: (2 + 6) / (6 + 6); a–c and b–c on item 2: 0 / 3 each. Pooled: 8 / (12 + 3 + 3) = 0.4444.
    expect(result.exact.value).toBeCloseTo(8 / 18, 12);
    expect(result.pairs.map((pair) => [pair.a, pair.b, pair.items, pair.exact])).toEqual([
      ['a', 'b', 2, 8 / 12],
      ['a', 'c', 1, 0],
      ['b', 'c', 1, 0],
    ]);
  });

  it('says why it is undefined when nobody marked anything', () => {
    const empty = { item: '1', tokens: TOKENS, annotations: [{ annotator: 'a', spans: [] }, { annotator: 'b', spans: [] }] };
    const result = computeSpanF1([empty]);
    expect(result.exact.value).toBeNull();
    expect(result.pairs[0]!.exact).toBeNull();
  });
});

describe('labelTokens / computeTokenAgreement', () => {
  it('tags tokens in IO and BIO, joining the tags of overlapping spans', () => {
    expect(labelTokens(TOKENS, ANNOTATOR_A, 'bio')).toEqual(['B-1', 'I-1', 'O', 'B-1', 'I-1', 'O', 'B-2', 'O']);
    expect(labelTokens(TOKENS, [...ANNOTATOR_A, { start: 0, end: 3, labelId: LOC }], 'io').slice(0, 2)).toEqual(['1+2', '1']);
  });

  it('gives the hand-computed α and κ on four tokens', () => {
    // A tags [1, 1, O, O], B [O, 1, O, O].
    // α: 8 values, n_1 = 3, n_O = 5; one disagreeing unit gives o_1O = o_O1 = 1.
    //    α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 7·2 / (2·3·5) = 8/15 = 0.5333
    // κ: p_o = 3/4; p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2; κ = (3/4 − 1/2) / (1/2) = 0.5
    const tokens = tokenizeText('w x y z');
    const items = [{ item: 'i', tokens, annotations: [{ annotator: 'A', spans: [{ start: 0, end: 3, labelId: 1 }] }, { annotator: 'B', spans: [{ start: 2, end: 3, labelId: 1 }] }] }];
    const agreement = computeTokenAgreement(items, 'io');
    expect(agreement.tokens).toBe(4);
    expect(agreement.alpha.value).toBeCloseTo(8 / 15, 12);
    expect(agreement.kappa.mean.value).toBeCloseTo(0.5, 12);
  });
});

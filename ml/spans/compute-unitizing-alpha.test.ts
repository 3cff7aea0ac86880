import { describe, expect, it } from 'vitest';
import { computeUnitizingAlpha, type TContinuumUnit } from './compute-unitizing-alpha';
import { computeSpanUnitizingAlpha } from './compute-span-unitizing-alpha';
import { tokenizeText } from './tokenize-text';

/**
 * Krippendorff (2004), Content Analysis 2nd ed., p. 254: two coders on the continuum 150..450,
 * categories c and k. Shifted here to 0..300 (L = 300, m = 2); c = 1, k = 2.
 *   coder i: c 225+70, 370+30; k 180+60, 300+50       coder j: c 220+80, 355+20, 400+20; k the same as i
 */
const C = 1;
const K = 2;
const BOOK_EXAMPLE: TContinuumUnit[] = [
  { coder: 0, start: 75, end: 145, category: C },
  { coder: 0, start: 220, end: 250, category: C },
  { coder: 1, start: 70, end: 150, category: C },
  { coder: 1, start: 205, end: 225, category: C },
  { coder: 1, start: 250, end: 270, category: C },
  { coder: 0, start: 30, end: 90, category: K },
  { coder: 0, start: 150, end: 200, category: K },
  { coder: 1, start: 30, end: 90, category: K },
  { coder: 1, start: 150, end: 200, category: K },
];

describe('computeUnitizingAlpha', () => {
  const result = computeUnitizingAlpha(300, 2, BOOK_EXAMPLE);
  const byCategory = new Map(result.byCategory.map((entry) => [entry.category, entry.alpha]));

  it('matches the book on category c: D_o 0.0144, D_e 0.0532, α 0.7286', () => {
    // D_o: overlapping pairs 225+70 / 220+80 → 5² + 5² = 50; 370+30 / 355+20 → 15² + 25² = 850;
    // j's unit 400+20 inside i's gap 400..450 → 20² = 400. Σ over ordered pairs 2 × 1300 = 2600,
    // over m(m−1)L² = 2 · 90,000: 0.014444.
    // D_e: N_c = 5 units (70, 30, 80, 20, 20), gaps 75, 75, 50 (i) and 70, 55, 25, 30 (j).
    //   (N_c−1)(2l³−3l²+l)/3 = 4·l(l−1)(2l−1)/3: 895,160 + 68,440 + 1,339,840 + 2·19,760 = 2,342,960
    //   l² Σ_{gap ≥ l}(gap − l + 1): 70 → 4,900·13; 30 → 900·181; 80 → 0; 20 → 400·247 (twice) = 424,200
    //   (2/300) · 2,767,160 / (600·599 − Σ l(l−1) = 359,400 − 12,780 = 346,620) = 0.053222
    const c = byCategory.get(C)!;
    expect(c.value !== null && c.observedDisagreement).toBeCloseTo(2600 / 180_000, 12);
    expect(c.value !== null && c.expectedDisagreement).toBeCloseTo(((2 / 300) * 2_767_160) / 346_620, 12);
    expect(c.value).toBeCloseTo(0.7286, 4);
  });

  it('matches the book on category k (identical coders): D_o 0, D_e 0.0490, α 1', () => {
    // D_e: units 60, 50 per coder (N_k = 4), gaps 30, 60, 100 per coder.
    //   3·l(l−1)(2l−1)/3: 2·(421,260 + 242,550) = 1,327,620; gap terms 2·(3,600·42 + 2,500·124) = 1,224,800
    //   (2/300) · 2,552,420 / (359,400 − 2·(3,540 + 2,450)) = 17,016.13 / 347,420 = 0.048979
    const k = byCategory.get(K)!;
    expect(k.value !== null && k.observedDisagreement).toBe(0);
    expect(k.value !== null && k.expectedDisagreement).toBeCloseTo(((2 / 300) * 2_552_420) / 347_420, 12);
    expect(k.value).toBe(1);
  });

  it('matches the book overall: 1 − ΣD_o/ΣD_e = 0.8591', () => {
    expect(result.value).toBeCloseTo(0.8591, 3);
  });

  it('merges one coder’s overlapping units of a category before measuring', () => {
    const split = BOOK_EXAMPLE.flatMap((unit) =>
      unit.coder === 0 && unit.start === 75 ? [{ ...unit, end: 120 }, { ...unit, start: 100 }] : [unit],
    );
    expect(computeUnitizingAlpha(300, 2, split).value).toBeCloseTo(result.value!, 12);
  });

  it('is undefined without two coders or without units, and rejects units outside the continuum', () => {
    expect(computeUnitizingAlpha(300, 1, BOOK_EXAMPLE).value).toBeNull();
    expect(computeUnitizingAlpha(300, 2, []).value).toBeNull();
    expect(() => computeUnitizingAlpha(100, 2, BOOK_EXAMPLE)).toThrow(RangeError);
  });
});

describe('computeSpanUnitizingAlpha', () => {
  it('lays the items every annotator coded end to end in token units', () => {
    const first = tokenizeText('Ada met Bob'); // 3 tokens
    const second = tokenizeText('in Paris today'); // 3 tokens
    const items = [
      { item: 'a', tokens: first, annotations: [{ annotator: 'x', spans: [{ start: 0, end: 3, labelId: 1 }] }, { annotator: 'y', spans: [{ start: 0, end: 3, labelId: 1 }] }] },
      { item: 'b', tokens: second, annotations: [{ annotator: 'x', spans: [{ start: 3, end: 8, labelId: 2 }] }, { annotator: 'y', spans: [{ start: 3, end: 8, labelId: 2 }] }] },
      { item: 'c', tokens: second, annotations: [{ annotator: 'x', spans: [] }] },
    ];
    const alpha = computeSpanUnitizingAlpha(items, ['x', 'y']);
    expect(alpha.items).toBe(2);
    expect(alpha.tokens).toBe(6);
    expect(alpha.value).toBe(1);
    const direct = computeUnitizingAlpha(6, 2, [
      { coder: 0, start: 0, end: 1, category: 1 },
      { coder: 1, start: 0, end: 1, category: 1 },
      { coder: 0, start: 4, end: 5, category: 2 },
      { coder: 1, start: 5, end: 6, category: 2 },
    ]);
    const shifted = computeSpanUnitizingAlpha(
      [items[0]!, { ...items[1]!, annotations: [items[1]!.annotations[0]!, { annotator: 'y', spans: [{ start: 9, end: 14, labelId: 2 }] }] }],
      ['x', 'y'],
    );
    expect(shifted.value).toBeCloseTo(direct.value!, 12);
    expect(shifted.value!).toBeLessThan(1);
  });
});

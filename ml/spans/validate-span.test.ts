import { describe, expect, it } from 'vitest';
import { checkSpanOverlap } from './check-span-overlap';
import { HARD_TEXT } from './text-geometry.fixtures';
import { validateSpan } from './validate-span';
import { validateSpanSet } from './validate-span-set';

const LABELS = new Set([1, 2]);

describe('validateSpan', () => {
  it('accepts spans on grapheme boundaries with a known label', () => {
    expect(validateSpan(HARD_TEXT, { start: 3, end: 11, labelId: 1 }, LABELS)).toEqual({ isValid: true });
    expect(validateSpan(HARD_TEXT, { start: 17, end: 22, labelId: 2 }, LABELS)).toEqual({ isValid: true });
  });

  it('names what is wrong', () => {
    const code = (start: number, end: number, labelId = 1) => {
      const check = validateSpan(HARD_TEXT, { start, end, labelId }, LABELS);
      return check.isValid ? 'valid' : check.code;
    };
    expect(code(0.5, 2)).toBe('not_integer');
    expect(code(-1, 2)).toBe('out_of_bounds');
    expect(code(30, 35)).toBe('out_of_bounds');
    expect(code(2, 2)).toBe('empty');
    expect(code(5, 2)).toBe('empty');
    expect(code(3, 5)).toBe('splits_grapheme'); // after 👩, before its ZWJ
    expect(code(4, 11)).toBe('splits_grapheme'); // inside the first surrogate pair
    expect(code(17, 18)).toBe('splits_grapheme'); // e without its acute accent
    expect(code(23, 25)).toBe('splits_grapheme'); // 👍 without its skin tone
    expect(code(27, 28)).toBe('splits_grapheme'); // CR without LF
    expect(code(12, 14)).toBe('splits_grapheme'); // half a flag
    expect(code(0, 2, 3)).toBe('unknown_label');
  });
});

describe('checkSpanOverlap', () => {
  const existing = [{ start: 0, end: 10, labelId: 1 }];

  it('always refuses a duplicate', () => {
    for (const allowOverlap of [false, true]) {
      const check = checkSpanOverlap(existing, { start: 0, end: 10, labelId: 1 }, allowOverlap);
      expect(check.isAllowed === false && check.code).toBe('duplicate');
    }
  });

  it('refuses any shared code unit when overlap is off, and accepts touching spans', () => {
    const refused = (start: number, end: number, labelId = 2) => !checkSpanOverlap(existing, { start, end, labelId }, false).isAllowed;
    expect(refused(0, 10)).toBe(true); // same range, other label
    expect(refused(2, 4)).toBe(true); // nested
    expect(refused(9, 12)).toBe(true);
    expect(refused(10, 12)).toBe(false);
    expect(refused(12, 14, 1)).toBe(false);
  });

  it('accepts overlap and nesting when the project allows it', () => {
    expect(checkSpanOverlap(existing, { start: 0, end: 10, labelId: 2 }, true).isAllowed).toBe(true);
    expect(checkSpanOverlap(existing, { start: 2, end: 4, labelId: 1 }, true).isAllowed).toBe(true);
  });
});

describe('validateSpanSet', () => {
  it('reports each bad span by its input index, checking overlap in text order', () => {
    const spans = [
      { start: 5, end: 8, labelId: 1 },
      { start: 0, end: 6, labelId: 1 },
      { start: 0, end: 6, labelId: 1 },
      { start: 4, end: 5, labelId: 9 },
    ];
    const text = 'abcdefghij';
    expect(validateSpanSet(text, spans, LABELS, true).map((p) => [p.index, p.code])).toEqual([
      [2, 'duplicate'],
      [3, 'unknown_label'],
    ]);
    // Without overlap, 0..6 comes first in text order, so 5..8 is the one refused.
    expect(validateSpanSet(text, spans, LABELS, false).map((p) => [p.index, p.code])).toEqual([
      [0, 'overlap'],
      [2, 'duplicate'],
      [3, 'unknown_label'],
    ]);
  });
});

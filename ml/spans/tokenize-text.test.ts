import { describe, expect, it } from 'vitest';
import { isGraphemeBoundary, markGraphemeBoundaries } from './segment-graphemes';
import { HARD_TEXT, HARD_TEXT_TOKENS } from './text-geometry.fixtures';
import { tokenizeText } from './tokenize-text';

describe('tokenizeText', () => {
  it('gives the hand-counted UTF-16 offsets on emoji, flags, skin tones, combining marks, CRLF and astral letters', () => {
    expect(HARD_TEXT.length).toBe(34);
    expect(tokenizeText(HARD_TEXT)).toEqual(HARD_TEXT_TOKENS);
  });

  it('splits words from punctuation and keeps inner apostrophes and decimals', () => {
    const text = "Dr. O'Neil paid 3.5 (USD) in New-York.";
    const words = tokenizeText(text).map((t) => text.slice(t.start, t.end));
    expect(words).toEqual(['Dr', '.', "O'Neil", 'paid', '3.5', '(', 'USD', ')', 'in', 'New', '-', 'York', '.']);
  });

  it('never puts a token edge inside a grapheme cluster, on random mixes of the hard pieces', () => {
    const pieces = ['a', 'Zo', ' ', '\r\n', '\n', 'e\u0301', '👩‍👩‍👧', '🇫🇷', '👍🏽', '𝒜', '.', ',', '—', '9', '\u00a0', '中文'];
    let seed = 7;
    for (let trial = 0; trial < 200; trial++) {
      let text = '';
      for (let i = 0; i < 12; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += pieces[seed % pieces.length];
      }
      const boundaries = markGraphemeBoundaries(text);
      for (const token of tokenizeText(text)) {
        expect(isGraphemeBoundary(boundaries, token.start)).toBe(true);
        expect(isGraphemeBoundary(boundaries, token.end)).toBe(true);
        expect(text.slice(token.start, token.end).trim()).not.toBe('');
      }
    }
  });
});

describe('markGraphemeBoundaries', () => {
  it('has no boundary inside a surrogate pair, a ZWJ sequence, a flag, a combining mark or CRLF', () => {
    const boundaries = markGraphemeBoundaries(HARD_TEXT);
    for (const inside of [4, 5, 10, 14, 18, 21, 25, 28, 30]) expect(isGraphemeBoundary(boundaries, inside)).toBe(false);
    for (const edge of [0, 2, 3, 11, 12, 16, 17, 19, 20, 22, 23, 27, 29, 31, 34]) expect(isGraphemeBoundary(boundaries, edge)).toBe(true);
    expect(isGraphemeBoundary(boundaries, 35)).toBe(false);
    expect(isGraphemeBoundary(boundaries, -1)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createOffsetConverter } from './convert-code-point-offsets';
import { HARD_TEXT } from './text-geometry.fixtures';

describe('createOffsetConverter', () => {
  // Code points before each UTF-16 offset, by hand: "Hi " 3; 👩‍👩‍👧 is 5 code points in 8 units;
  // " " ; 🇫🇷 2 in 4; " "; "été" 5 in 5; " "; 👍🏽 2 in 4; CRLF 2; 𝒜 1 in 2; "bc."
  const pairs: [number, number][] = [
    [0, 0],
    [3, 3],
    [11, 8],
    [12, 9],
    [16, 11],
    [17, 12],
    [22, 17],
    [23, 18],
    [27, 20],
    [29, 22],
    [31, 23],
    [34, 26],
  ];
  const converter = createOffsetConverter(HARD_TEXT);

  it('matches the hand-counted code point offsets both ways', () => {
    expect(converter.codePointLength).toBe([...HARD_TEXT].length);
    expect(converter.codePointLength).toBe(26);
    for (const [utf16, codePoint] of pairs) {
      expect(converter.toCodePoint(utf16)).toBe(codePoint);
      expect(converter.toUtf16(codePoint)).toBe(utf16);
    }
  });

  it('agrees with Array.from at every code point boundary', () => {
    const codePoints = Array.from(HARD_TEXT);
    for (let c = 0; c <= codePoints.length; c++) expect(converter.toUtf16(c)).toBe(codePoints.slice(0, c).join('').length);
  });

  it('refuses an offset inside a surrogate pair or out of range', () => {
    expect(() => converter.toCodePoint(4)).toThrow(/surrogate pair/);
    expect(() => converter.toCodePoint(30)).toThrow(/surrogate pair/);
    expect(() => converter.toCodePoint(35)).toThrow(RangeError);
    expect(() => converter.toUtf16(27)).toThrow(RangeError);
    expect(() => converter.toUtf16(-1)).toThrow(RangeError);
  });

  it('counts a lone surrogate as one code point, as Python does', () => {
    const lone = createOffsetConverter('a\ud800b');
    expect(lone.codePointLength).toBe(3);
    expect(lone.toCodePoint(2)).toBe(2);
  });
});

/**
 * UTF-16 code unit offsets (JavaScript, Label Studio, stored spans) against Unicode code point
 * offsets (Python str indices: spaCy, Prodigy). They differ by one per astral character (emoji,
 * 𝒜) before the offset; combining marks and ZWJ are code points of their own in both.
 */
export type TOffsetConverter = {
  /** Code points in the text. */
  codePointLength: number;
  /** UTF-16 offset → code point offset; throws on an offset inside a surrogate pair or out of range. */
  toCodePoint(utf16Offset: number): number;
  /** Code point offset → UTF-16 offset; throws out of range. */
  toUtf16(codePointOffset: number): number;
};

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** One pass over the text, then O(1) per offset: for converting every span of an item. */
export function createOffsetConverter(text: string): TOffsetConverter {
  // codePointAt[u] for each UTF-16 offset u (−1 between the halves of a pair); utf16At[c] the inverse.
  const codePointAt = new Int32Array(text.length + 1);
  const utf16At: number[] = [];
  let codePoint = 0;
  for (let u = 0; u < text.length; u++) {
    if (u > 0 && isLowSurrogate(text.charCodeAt(u)) && isHighSurrogate(text.charCodeAt(u - 1))) {
      codePointAt[u] = -1;
      continue;
    }
    codePointAt[u] = codePoint;
    utf16At.push(u);
    codePoint++;
  }
  codePointAt[text.length] = codePoint;
  utf16At.push(text.length);
  return {
    codePointLength: codePoint,
    toCodePoint(utf16Offset) {
      if (!Number.isInteger(utf16Offset) || utf16Offset < 0 || utf16Offset > text.length) {
        throw new RangeError(`UTF-16 offset ${utf16Offset} is outside the text (length ${text.length})`);
      }
      const value = codePointAt[utf16Offset]!;
      if (value < 0) throw new RangeError(`UTF-16 offset ${utf16Offset} falls inside a surrogate pair`);
      return value;
    },
    toUtf16(codePointOffset) {
      if (!Number.isInteger(codePointOffset) || codePointOffset < 0 || codePointOffset > codePoint) {
        throw new RangeError(`code point offset ${codePointOffset} is outside the text (${codePoint} code points)`);
      }
      return utf16At[codePointOffset]!;
    },
  };
}

/**
 * Grapheme cluster boundaries (UAX #29 extended grapheme clusters, through Intl.Segmenter): an
 * emoji ZWJ sequence (👩‍👩‍👧), a flag (🇫🇷), a skin-tone modifier (👍🏽), a letter with combining
 * marks (e + U+0301) and CRLF are each one cluster. A span edge anywhere else would cut what a
 * reader sees as one character, so validation and snapping check edges against this.
 */
let graphemeSegmenter: Intl.Segmenter | null = null;

function getGraphemeSegmenter(): Intl.Segmenter {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return graphemeSegmenter;
}

/** isBoundary[o] is 1 when UTF-16 offset o (0 ≤ o ≤ text.length) lies between two grapheme clusters. */
export function markGraphemeBoundaries(text: string): Uint8Array {
  const isBoundary = new Uint8Array(text.length + 1);
  for (const { index } of getGraphemeSegmenter().segment(text)) isBoundary[index] = 1;
  isBoundary[text.length] = 1;
  return isBoundary;
}

/** Offset o is a cluster boundary; out-of-range offsets are not. */
export function isGraphemeBoundary(isBoundary: Uint8Array, offset: number): boolean {
  return Number.isInteger(offset) && offset >= 0 && offset < isBoundary.length && isBoundary[offset] === 1;
}

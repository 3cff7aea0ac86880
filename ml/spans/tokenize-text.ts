import type { TToken } from './span-types';

/**
 * Word segmentation (UAX #29 word boundaries, through Intl.Segmenter) with whitespace dropped:
 * every other segment is a token, so punctuation and emoji are tokens of their own. UAX #29 never
 * puts a word boundary inside a grapheme cluster (rule WB4 keeps extend marks, ZWJ and modifiers
 * with their base; WB3 keeps CR LF together), so a token never splits a surrogate pair, a cluster
 * or a CRLF: the tests check that on emoji, combining marks and CRLF.
 */
const segmenters = new Map<string, Intl.Segmenter>();

function getWordSegmenter(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

// \s in JavaScript covers Unicode White_Space plus BOM: a segment made only of these is not a token.
const WHITESPACE_ONLY = /^\s+$/u;

/** Tokens of `text` in order, with UTF-16 offsets. `locale` only matters for dictionary-segmented scripts (Thai, CJK). */
export function tokenizeText(text: string, locale = 'en'): TToken[] {
  const tokens: TToken[] = [];
  for (const { segment, index, isWordLike } of getWordSegmenter(locale).segment(text)) {
    if (WHITESPACE_ONLY.test(segment)) continue;
    tokens.push({ start: index, end: index + segment.length, isWordLike: isWordLike === true });
  }
  return tokens;
}

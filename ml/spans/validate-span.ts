import { isGraphemeBoundary, markGraphemeBoundaries } from './segment-graphemes';
import type { TSpan } from './span-types';

export type TSpanProblemCode = 'not_integer' | 'out_of_bounds' | 'empty' | 'splits_grapheme' | 'unknown_label';
export type TSpanCheck = { isValid: true } | { isValid: false; code: TSpanProblemCode; reason: string };

const VALID: TSpanCheck = { isValid: true };

/**
 * A span is valid when its offsets are integers with 0 ≤ start < end ≤ text.length (UTF-16 code
 * units), both edges fall on grapheme cluster boundaries (so it splits no surrogate pair, emoji
 * sequence, combining mark or CRLF), and its label is one of the project's. Pass `graphemeBoundaries`
 * (markGraphemeBoundaries(text)) when checking many spans of one text, to segment it once.
 */
export function validateSpan(
  text: string,
  span: TSpan,
  labelIds: ReadonlySet<number>,
  graphemeBoundaries: Uint8Array = markGraphemeBoundaries(text),
): TSpanCheck {
  const { start, end, labelId } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return { isValid: false, code: 'not_integer', reason: `span offsets must be integers, got ${start}..${end}` };
  if (start < 0 || end > text.length) return { isValid: false, code: 'out_of_bounds', reason: `span ${start}..${end} lies outside the text (length ${text.length})` };
  if (start >= end) return { isValid: false, code: 'empty', reason: `span ${start}..${end} is empty: start must be before end` };
  for (const edge of [start, end]) {
    if (!isGraphemeBoundary(graphemeBoundaries, edge)) {
      return { isValid: false, code: 'splits_grapheme', reason: `span edge ${edge} falls inside a character (a surrogate pair, an emoji sequence, a combining mark or CRLF)` };
    }
  }
  if (!labelIds.has(labelId)) return { isValid: false, code: 'unknown_label', reason: `label ${labelId} is not one of the project's labels` };
  return VALID;
}

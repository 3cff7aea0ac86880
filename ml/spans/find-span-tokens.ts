import { findFirstTokenEndingAfter, findLastTokenStartingBefore } from './find-token';
import type { TTextRange, TToken } from './span-types';

/**
 * The tokens a span covers, as a half-open token index range [first, end): every token sharing at
 * least one code unit with it. Empty (first === end) when the span covers only whitespace.
 */
export function findSpanTokens(tokens: readonly TToken[], range: TTextRange): [number, number] {
  const first = findFirstTokenEndingAfter(tokens, range.start);
  const last = findLastTokenStartingBefore(tokens, range.end);
  return last >= first ? [first, last + 1] : [first, first];
}

import type { TToken } from './span-types';

/** Index of the first token whose end is after `offset` (tokens.length when none): binary search, tokens are in text order. */
export function findFirstTokenEndingAfter(tokens: readonly TToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the last token that starts before `offset` (−1 when none). */
export function findLastTokenStartingBefore(tokens: readonly TToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The tokens a range touches, as [first, last] token indices, or null when it touches none (only
 * whitespace). A token is touched when it shares at least one code unit with the range; an empty
 * range (a caret) touches the token it sits inside, or the one it touches on its left, then right.
 */
export function findTouchedTokens(tokens: readonly TToken[], start: number, end: number): [number, number] | null {
  if (start === end) {
    const after = findFirstTokenEndingAfter(tokens, start);
    if (after < tokens.length && tokens[after]!.start <= start) return [after, after];
    const before = findLastTokenStartingBefore(tokens, start);
    if (before >= 0 && tokens[before]!.end === start) return [before, before];
    if (after < tokens.length && tokens[after]!.start === start) return [after, after];
    return null;
  }
  const first = findFirstTokenEndingAfter(tokens, start);
  const last = findLastTokenStartingBefore(tokens, end);
  return first <= last ? [first, last] : null;
}

import { findFirstTokenEndingAfter, findLastTokenStartingBefore, findTouchedTokens } from './find-token';
import type { TTextRange, TToken } from './span-types';

/**
 * Word snapping: the range from the start of the first token a raw selection touches to the end of
 * the last one. Whitespace is never a token, so the result is trimmed of surrounding whitespace by
 * construction; a selection that touches only whitespace snaps to null. Selections may come in
 * either direction (a drag to the left gives start > end).
 */
export function snapSelectionToTokens(tokens: readonly TToken[], selectionStart: number, selectionEnd: number): TTextRange | null {
  const start = Math.min(selectionStart, selectionEnd);
  const end = Math.max(selectionStart, selectionEnd);
  const touched = findTouchedTokens(tokens, start, end);
  if (!touched) return null;
  return { start: tokens[touched[0]]!.start, end: tokens[touched[1]]!.end };
}

export type TSpanEdge = 'start' | 'end';
export type TWordDirection = 'backward' | 'forward';

/**
 * One word step of a span's edge, for shift+arrow keys: the caller moves the edge the focus is on
 * (shift+right after a left-to-right selection moves `end` forward, shift+left moves it backward).
 * Forward on `end` grows the span by the next token; backward on `end` shrinks it by its last token;
 * backward on `start` grows it by the previous token; forward on `start` shrinks it by its first.
 * A span never shrinks below one token, and an edge with no token to move to stays where it is.
 * `range` is expected on token edges (snap it first).
 */
export function moveSpanEdge(tokens: readonly TToken[], range: TTextRange, edge: TSpanEdge, direction: TWordDirection): TTextRange {
  if (edge === 'end') {
    if (direction === 'forward') {
      const next = findFirstTokenEndingAfter(tokens, range.end);
      return next < tokens.length ? { start: range.start, end: tokens[next]!.end } : range;
    }
    // The last token ending before `end` whose end is still after `start` (one token at least stays).
    const previous = findLastTokenStartingBefore(tokens, range.end) - 1;
    if (previous < 0 || tokens[previous]!.end <= range.start) return range;
    return { start: range.start, end: tokens[previous]!.end };
  }
  if (direction === 'backward') {
    const previous = findLastTokenStartingBefore(tokens, range.start);
    return previous >= 0 ? { start: tokens[previous]!.start, end: range.end } : range;
  }
  const next = findFirstTokenEndingAfter(tokens, range.start) + 1;
  if (next >= tokens.length || tokens[next]!.start >= range.end) return range;
  return { start: tokens[next]!.start, end: range.end };
}

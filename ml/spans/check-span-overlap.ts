import type { TSpan } from './span-types';

export type TOverlapCheck = { isAllowed: true } | { isAllowed: false; code: 'duplicate' | 'overlap'; conflicting: TSpan; reason: string };

const ALLOWED: TOverlapCheck = { isAllowed: true };

/**
 * The project's overlap rule for a new span against the spans already on the item. Two spans
 * overlap when they share at least one code unit (a.start < b.end && b.start < a.end); touching
 * spans (one ends where the other starts) do not. With allowOverlap false any overlap is refused,
 * nesting and same-range-other-label included; with it true everything is accepted except a
 * duplicate (same start, end and label), which is always refused since it adds nothing.
 */
export function checkSpanOverlap(existing: readonly TSpan[], candidate: TSpan, allowOverlap: boolean): TOverlapCheck {
  for (const span of existing) {
    if (span.start === candidate.start && span.end === candidate.end && span.labelId === candidate.labelId) {
      return { isAllowed: false, code: 'duplicate', conflicting: span, reason: `the same span (${span.start}..${span.end}, label ${span.labelId}) is already there` };
    }
  }
  if (allowOverlap) return ALLOWED;
  for (const span of existing) {
    if (span.start < candidate.end && candidate.start < span.end) {
      return { isAllowed: false, code: 'overlap', conflicting: span, reason: `overlaps the span ${span.start}..${span.end} and this project does not allow overlapping spans` };
    }
  }
  return ALLOWED;
}

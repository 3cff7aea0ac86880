import type { TSpan } from './span-types';

/**
 * Pre-annotation acceptance of one answer: of the spans the model suggested (each counted once),
 * how many the submitted answer kept exactly (same start, end and label). A suggestion edited to
 * other bounds or another label, or deleted, is not kept; spans the annotator added count nowhere.
 */
export function countKeptSuggestions(suggested: readonly TSpan[], submitted: readonly TSpan[]): { suggested: number; kept: number } {
  const key = (span: TSpan) => `${span.start}:${span.end}:${span.labelId}`;
  const answer = new Set(submitted.map(key));
  const shown = new Set(suggested.map(key));
  let kept = 0;
  for (const k of shown) if (answer.has(k)) kept++;
  return { suggested: shown.size, kept };
}

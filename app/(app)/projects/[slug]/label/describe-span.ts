import type { TSpan, TTextRange } from '@/ml/spans/span-types';

const QUOTE_LIMIT = 40;

let graphemes: Intl.Segmenter | null = null;

/**
 * The text a range covers, quoted; past QUOTE_LIMIT code units it is cut at a grapheme boundary (an
 * emoji or an accented letter is never cut in half) and ends with an ellipsis.
 */
export function quoteSpanText(text: string, range: TTextRange): string {
  const covered = text.slice(range.start, range.end);
  if (covered.length <= QUOTE_LIMIT) return `“${covered}”`;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let cut = 0;
  for (const { index, segment } of graphemes.segment(covered)) {
    if (index + segment.length > QUOTE_LIMIT) break;
    cut = index + segment.length;
  }
  return `“${covered.slice(0, cut)}…”`;
}

/** “Paris” (Location): how messages and lists name a span. */
export function describeSpan(text: string, span: TSpan, labelNames: ReadonlyMap<number, string>): string {
  return `${quoteSpanText(text, span)} (${labelNames.get(span.labelId) ?? `label ${span.labelId}`})`;
}

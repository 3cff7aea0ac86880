import { readLabel, readLabelSet, type TMapContext } from './map-context';
import { readSpanAnswer } from './read-span-answer';
import type { TImportAnswer, TImportSpans } from './types';

/**
 * An answer from one field, in the form the project's task type takes: a label, a set of labels
 * (multi-label) or spans of `text` (spans projects; null text, when the row has none, reads nothing).
 * null is "no answer".
 */
export function readAnswer(ctx: TMapContext, row: number, field: string, raw: unknown, what: string, text: string | null): TImportAnswer | null {
  if (ctx.spans) return text === null ? null : readSpanAnswer(ctx, row, field, raw, text, what);
  return ctx.isMultiLabel ? readLabelSet(ctx, row, field, raw, what) : readLabel(ctx, row, field, raw, what);
}

/** An answer as an annotation or a prediction holds it: label names as a list, or the spans. */
export function toAnnotationLabels(answer: TImportAnswer): string[] | TImportSpans {
  return typeof answer === 'string' ? [answer] : answer;
}

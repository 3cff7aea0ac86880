import { checkSpanOverlap } from './check-span-overlap';
import { markGraphemeBoundaries } from './segment-graphemes';
import { compareSpans, type TSpan } from './span-types';
import { validateSpan, type TSpanProblemCode } from './validate-span';

export type TSpanSetProblem = { index: number; code: TSpanProblemCode | 'duplicate' | 'overlap'; reason: string };

/**
 * Every problem of a whole answer (a submission, an imported annotation): each span checked by
 * validateSpan, then against the valid spans before it (in text order) by checkSpanOverlap.
 * `index` is the span's position in the input. An empty list means the set can be stored as
 * `spans` (sorted with compareSpans, which the caller may want to store).
 */
export function validateSpanSet(text: string, spans: readonly TSpan[], labelIds: ReadonlySet<number>, allowOverlap: boolean): TSpanSetProblem[] {
  const boundaries = markGraphemeBoundaries(text);
  const problems: TSpanSetProblem[] = [];
  const valid: { span: TSpan; index: number }[] = [];
  spans.forEach((span, index) => {
    const check = validateSpan(text, span, labelIds, boundaries);
    if (check.isValid) valid.push({ span, index });
    else problems.push({ index, code: check.code, reason: check.reason });
  });
  valid.sort((a, b) => compareSpans(a.span, b.span) || a.index - b.index);
  const accepted: TSpan[] = [];
  for (const { span, index } of valid) {
    const check = checkSpanOverlap(accepted, span, allowOverlap);
    if (check.isAllowed) accepted.push(span);
    else problems.push({ index, code: check.code, reason: check.reason });
  }
  return problems.sort((a, b) => a.index - b.index);
}

import type { TStructuredValue, TTaskType } from '@/db/schema';
import { AppError } from '@/server/errors';
import { validateSpanSet } from '@/ml/spans/validate-span-set';
import { canonicalizeValue, type TAnswer } from './answer';

export type TSubmittedAnswer = { labelId?: number | null; value?: TStructuredValue | null };

/** The answer in its stored form, if it has the shape the project's task type asks for. */
export function parseSubmittedAnswer(taskType: TTaskType, answer: TSubmittedAnswer): TAnswer {
  if (taskType === 'text_classification' || taskType === 'image_classification') {
    if (answer.labelId == null || answer.value != null) throw new AppError('BAD_REQUEST', 'This project takes one label per item');
    return { labelId: answer.labelId, value: null };
  }
  if (taskType === 'multi_label') {
    if (answer.labelId != null || !answer.value || !('labelIds' in answer.value)) {
      throw new AppError('BAD_REQUEST', 'This project takes a set of labels per item (an empty set for "none of these")');
    }
    return { labelId: null, value: canonicalizeValue(answer.value) };
  }
  if (answer.labelId != null || !answer.value || !('spans' in answer.value)) throw new AppError('BAD_REQUEST', 'This project takes labeled spans of the text');
  return { labelId: null, value: canonicalizeValue(answer.value) };
}

/**
 * Spans must lie inside the text, on grapheme boundaries (an emoji or an accented letter is never cut),
 * and overlap only where the project allows it. Labels were checked against the label set already.
 */
export function assertValidSpans(text: string, answer: TAnswer, allowOverlap: boolean): void {
  if (answer.value === null || !('spans' in answer.value)) return;
  const labelIds = new Set(answer.value.spans.map((span) => span.labelId));
  const [problem] = validateSpanSet(text, answer.value.spans, labelIds, allowOverlap);
  if (problem) throw new AppError('BAD_REQUEST', `Span ${problem.index + 1}: ${problem.reason}`);
}

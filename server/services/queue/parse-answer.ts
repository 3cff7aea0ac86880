import type { TStructuredValue, TTaskType } from '@/db/schema';
import { AppError } from '@/server/errors';
import { canonicalizeValue, type TAnswer } from './answer';

export type TSubmittedAnswer = { labelId?: number | null; value?: TStructuredValue | null };

/** The label ids an answer names, each once, for checking them against the project's label set. */
export function listAnswerLabelIds(answer: TSubmittedAnswer): number[] {
  if (answer.labelId != null) return [answer.labelId];
  if (!answer.value) return [];
  return [...new Set('labelIds' in answer.value ? answer.value.labelIds : answer.value.spans.map((span) => span.labelId))];
}

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

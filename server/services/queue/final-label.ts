import { keyOfAnswer, listAnswerLabelIds, type TAnswer } from './answer';

/**
 * What an item's annotations say once they are in. One annotation on a single-annotator item is its
 * final answer ('single'); several that are all equal are 'consensus' (for multi-label, the same set;
 * for spans, the same spans); any difference goes to a reviewer (no automatic final answer: a majority
 * of two to one is not agreement). Rejected annotations are not passed in.
 *
 * votes: per label id, how many annotators used it (chose it; for multi-label, included it), which is
 * what a reviewer reads first.
 */
export type TFinalDecision =
  | { kind: 'pending'; missing: number }
  | { kind: 'final'; answer: TAnswer; source: 'single' | 'consensus' }
  | { kind: 'disagreement'; votes: Record<string, number> };

export function decideFinalAnswer(answers: readonly TAnswer[], targetOverlap: number): TFinalDecision {
  if (answers.length === 0 || answers.length < targetOverlap) return { kind: 'pending', missing: Math.max(1, targetOverlap - answers.length) };
  const distinct = new Set(answers.map(keyOfAnswer));
  if (distinct.size > 1) {
    const votes: Record<string, number> = {};
    for (const answer of answers) for (const labelId of listAnswerLabelIds(answer)) votes[labelId] = (votes[labelId] ?? 0) + 1;
    return { kind: 'disagreement', votes };
  }
  return { kind: 'final', answer: answers[0] as TAnswer, source: answers.length === 1 ? 'single' : 'consensus' };
}

import type { TSpan } from '@/db/schema';
import { voteSpans } from '@/ml/spans/vote-spans';
import { keyOfAnswer, listAnswerLabelIds, type TAnswer } from './answer';

/**
 * What an item's annotations say once they are in. One annotation on a single-annotator item is its
 * final answer ('single'); several that are all equal are 'consensus' (for multi-label, the same set;
 * for spans, every annotator marked the same spans); any difference goes to a reviewer (a majority of
 * two to one is not agreement). Rejected annotations are not passed in.
 *
 * Spans are decided by span voting (ml/spans/vote-spans.ts): a span is kept when a strict majority
 * of the annotators marked it exactly (same start, end and label). When every span was marked by
 * everyone the item is decided; otherwise it still goes to review, but with the voted spans as its
 * final answer meanwhile ('consensus', as the quality step's Dawid–Skene consensus does for single
 * labels), which the reviewer accepts or corrects. With two annotators the vote keeps only what both
 * marked.
 *
 * votes: per label id, how many annotators used it (chose it; for multi-label, included it; for spans,
 * marked at least one span with it), which is what a reviewer reads first. Span disagreements add
 * how many spans the vote kept and how many are disputed.
 */
export type TFinalDecision =
  | { kind: 'pending'; missing: number }
  | { kind: 'final'; answer: TAnswer; source: 'single' | 'consensus' }
  | {
      kind: 'disagreement';
      votes: Record<string, number>;
      /** Spans projects: the voted spans, the item's final answer until a reviewer decides. */
      voted?: { answer: TAnswer; keptSpans: number; disputedSpans: number };
    };

export function decideFinalAnswer(answers: readonly TAnswer[], targetOverlap: number): TFinalDecision {
  if (answers.length === 0 || answers.length < targetOverlap) return { kind: 'pending', missing: Math.max(1, targetOverlap - answers.length) };
  const spanAnswers = readSpanAnswers(answers);
  if (spanAnswers) return decideBySpanVoting(answers, spanAnswers);
  const distinct = new Set(answers.map(keyOfAnswer));
  if (distinct.size > 1) return { kind: 'disagreement', votes: countLabelVotes(answers) };
  return { kind: 'final', answer: answers[0] as TAnswer, source: answers.length === 1 ? 'single' : 'consensus' };
}

/** Every answer's spans, or null unless all the answers are spans (a project has one task type). */
function readSpanAnswers(answers: readonly TAnswer[]): TSpan[][] | null {
  const spans: TSpan[][] = [];
  for (const answer of answers) {
    if (answer.value === null || !('spans' in answer.value)) return null;
    spans.push(answer.value.spans);
  }
  return spans;
}

function decideBySpanVoting(answers: readonly TAnswer[], spans: readonly TSpan[][]): TFinalDecision {
  // One annotation per annotator and item: each answer is its own voter.
  const voting = voteSpans(spans.map((list, index) => ({ annotator: String(index), spans: list })));
  const voted: TAnswer = { labelId: null, value: { spans: voting.consensus } };
  if (voting.isUnanimous) return { kind: 'final', answer: voted, source: answers.length === 1 ? 'single' : 'consensus' };
  return { kind: 'disagreement', votes: countLabelVotes(answers), voted: { answer: voted, keptSpans: voting.consensus.length, disputedSpans: voting.disputed.length } };
}

function countLabelVotes(answers: readonly TAnswer[]): Record<string, number> {
  const votes: Record<string, number> = {};
  for (const answer of answers) for (const labelId of listAnswerLabelIds(answer)) votes[labelId] = (votes[labelId] ?? 0) + 1;
  return votes;
}

/**
 * What a decision leaves on the item: the final answer and its source (a disagreement has none,
 * except for spans, where the vote stands until a reviewer decides), and the disagreement task's details.
 */
export function describeDecidedItem(decision: Exclude<TFinalDecision, { kind: 'pending' }>): {
  finalLabelId: number | null;
  finalValue: TAnswer['value'];
  finalSource: 'single' | 'consensus' | null;
  disagreement: Record<string, unknown> | null;
} {
  if (decision.kind === 'final') return { finalLabelId: decision.answer.labelId, finalValue: decision.answer.value, finalSource: decision.source, disagreement: null };
  const { voted } = decision;
  if (!voted) return { finalLabelId: null, finalValue: null, finalSource: null, disagreement: { votes: decision.votes } };
  return {
    finalLabelId: null,
    finalValue: voted.answer.value,
    finalSource: 'consensus',
    disagreement: { votes: decision.votes, keptSpans: voted.keptSpans, disputedSpans: voted.disputedSpans },
  };
}

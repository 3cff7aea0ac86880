import type { TSpanAnnotation } from './span-item';
import { compareSpans, type TSpan } from './span-types';

export type TSpanVote = { span: TSpan; annotators: string[] };

export type TSpanVoting = {
  /** Spans a strict majority of the annotators marked exactly (same start, end, label), in text order. */
  consensus: TSpan[];
  /**
   * Every other span someone marked, with who marked it and whether it overlaps a consensus span
   * (a boundary or label disagreement about the same mention) or not (a mention only some saw).
   */
  disputed: (TSpanVote & { overlapsConsensus: boolean })[];
  /** True when nothing is disputed: every annotator marked exactly the consensus. */
  isUnanimous: boolean;
};

/**
 * Consensus by span voting among k annotators of one item: a span is kept when more than k/2 of
 * them marked it exactly; an annotator who marked nothing votes against every span. With k = 2
 * that needs both. The rest is reported, not dropped, so review can show every version. If every
 * answer respects a no-overlap rule, so does the consensus: two overlapping spans each with a
 * strict majority would need some annotator to have marked both.
 */
export function voteSpans(annotations: readonly TSpanAnnotation[]): TSpanVoting {
  const votes = new Map<string, TSpanVote>();
  for (const { annotator, spans } of annotations) {
    for (const span of spans) {
      const key = `${span.start}:${span.end}:${span.labelId}`;
      let vote = votes.get(key);
      if (!vote) {
        vote = { span: { start: span.start, end: span.end, labelId: span.labelId }, annotators: [] };
        votes.set(key, vote);
      }
      if (!vote.annotators.includes(annotator)) vote.annotators.push(annotator);
    }
  }
  const voters = new Set(annotations.map((annotation) => annotation.annotator)).size;
  const ordered = [...votes.values()].sort((a, b) => compareSpans(a.span, b.span));
  const consensus = ordered.filter((vote) => vote.annotators.length * 2 > voters).map((vote) => vote.span);
  const disputed = ordered
    .filter((vote) => vote.annotators.length * 2 <= voters)
    .map((vote) => ({
      ...vote,
      overlapsConsensus: consensus.some((span) => span.start < vote.span.end && vote.span.start < span.end),
    }));
  return { consensus, disputed, isUnanimous: disputed.length === 0 && ordered.every((vote) => vote.annotators.length === voters) };
}

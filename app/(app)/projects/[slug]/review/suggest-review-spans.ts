import { compareSpans, type TSpan } from '@/ml/spans/span-types';
import { voteSpans } from '@/ml/spans/vote-spans';
import { keySpan, type TSpanSuggestion } from '../label/span-editor-state';

/** One annotator's spans on the item under review. */
export type TSpanVersion = { annotatorName: string; spans: readonly TSpan[] };

/** voteSpans over the versions, annotators named by their names. */
export function collectSpanVotes(annotations: readonly TSpanVersion[]) {
  return voteSpans(annotations.map((version) => ({ annotator: version.annotatorName, spans: version.spans })));
}

/** The final set a reviewer starts from: the spans a strict majority marked exactly. */
export function startReviewSpans(annotations: readonly TSpanVersion[]): TSpan[] {
  return collectSpanVotes(annotations).consensus;
}

/**
 * Every span anyone marked, as a suggestion for the final set: disputed ones with who marked them,
 * and consensus ones too (they only show once the reviewer has removed them from the final set).
 */
export function suggestReviewSpans(annotations: readonly TSpanVersion[]): TSpanSuggestion[] {
  const voters = new Set(annotations.map((version) => version.annotatorName)).size;
  const voting = collectSpanVotes(annotations);
  const byKey = new Map<string, string[]>();
  for (const version of annotations) {
    for (const span of version.spans) {
      const names = byKey.get(keySpan(span)) ?? [];
      if (!names.includes(version.annotatorName)) names.push(version.annotatorName);
      byKey.set(keySpan(span), names);
    }
  }
  const spans = [...voting.consensus, ...voting.disputed.map((vote) => vote.span)].sort(compareSpans);
  return spans.map((span) => {
    const names = byKey.get(keySpan(span)) ?? [];
    return { ...span, score: voters === 0 ? 0 : names.length / voters, note: `marked by ${names.join(', ')}` };
  });
}

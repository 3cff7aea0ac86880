import { markUnavailable, type TMetric } from '../agreement/metric';
import { findSpanTokens } from './find-span-tokens';
import type { TSpanItem } from './span-item';
import type { TSpan, TToken } from './span-types';

export type TSpanF1Pair = {
  a: string;
  b: string;
  /** Items both annotated. */
  items: number;
  exact: number | null;
  partial: number | null;
};

export type TSpanF1 = { exact: TMetric; partial: TMetric; pairs: TSpanF1Pair[] };

const NO_SPANS_REASON = 'no annotator pair marked any span on a shared item, so span F1 is 0/0';

/**
 * Pairwise span F1 between annotators, pooled over every pair of annotators on every item both
 * annotated (micro average: the counts are summed, then divided once, so an item with many
 * spans weighs more than one with few, and items where neither marked anything add nothing).
 *
 * Exact: a span of A matches when B has the same start, end and label. With TP matches,
 *   F1 = 2·TP / (|A| + |B|), which is symmetric, so no annotator plays "gold".
 * Partial (token-overlap credit): a span a of A earns c(a, B) = max over B's spans b with the
 *   same label of |tok(a) ∩ tok(b)| / |tok(a)|, tok(x) being the tokens x covers; likewise for B.
 *   F1_partial = (Σ_a c(a, B) + Σ_b c(b, A)) / (|A| + |B|).
 *   With 0/1 credits (only exact matches) Σ_a c = Σ_b c = TP and this is the exact F1, so partial
 *   ≥ exact always; a boundary off by one word of a two-word name earns ½ instead of 0.
 * Duplicate spans within one answer count once.
 */
export function computeSpanF1(items: readonly TSpanItem[]): TSpanF1 {
  type Tally = { a: string; b: string; items: number; exactMatches: number; partialCredit: number; spans: number };
  const tallies = new Map<string, Tally>();
  for (const { tokens, annotations } of items) {
    for (let i = 0; i < annotations.length; i++) {
      for (let j = i + 1; j < annotations.length; j++) {
        let first = annotations[i]!;
        let second = annotations[j]!;
        if (first.annotator === second.annotator) continue;
        if (first.annotator > second.annotator) [first, second] = [second, first];
        const key = JSON.stringify([first.annotator, second.annotator]);
        let tally = tallies.get(key);
        if (!tally) {
          tally = { a: first.annotator, b: second.annotator, items: 0, exactMatches: 0, partialCredit: 0, spans: 0 };
          tallies.set(key, tally);
        }
        const spansA = dedupeSpans(first.spans);
        const spansB = dedupeSpans(second.spans);
        tally.items++;
        tally.spans += spansA.length + spansB.length;
        tally.exactMatches += 2 * countExactMatches(spansA, spansB);
        tally.partialCredit += sumOverlapCredit(tokens, spansA, spansB) + sumOverlapCredit(tokens, spansB, spansA);
      }
    }
  }
  const pairs: TSpanF1Pair[] = [];
  let exactSum = 0;
  let partialSum = 0;
  let spanSum = 0;
  for (const tally of [...tallies.values()].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0))) {
    pairs.push({
      a: tally.a,
      b: tally.b,
      items: tally.items,
      exact: tally.spans > 0 ? tally.exactMatches / tally.spans : null,
      partial: tally.spans > 0 ? tally.partialCredit / tally.spans : null,
    });
    exactSum += tally.exactMatches;
    partialSum += tally.partialCredit;
    spanSum += tally.spans;
  }
  if (spanSum === 0) return { exact: markUnavailable(NO_SPANS_REASON), partial: markUnavailable(NO_SPANS_REASON), pairs };
  return { exact: { value: exactSum / spanSum, ci95: null }, partial: { value: partialSum / spanSum, ci95: null }, pairs };
}

function spanKey(span: TSpan): string {
  return `${span.start}:${span.end}:${span.labelId}`;
}

function dedupeSpans(spans: readonly TSpan[]): TSpan[] {
  const seen = new Set<string>();
  return spans.filter((span) => {
    const key = spanKey(span);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function countExactMatches(spansA: readonly TSpan[], spansB: readonly TSpan[]): number {
  const keys = new Set(spansB.map(spanKey));
  return spansA.filter((span) => keys.has(spanKey(span))).length;
}

/** Σ over `from` of its best same-label token overlap with `against`, as a share of its own tokens. */
function sumOverlapCredit(tokens: readonly TToken[], from: readonly TSpan[], against: readonly TSpan[]): number {
  let total = 0;
  for (const span of from) {
    const [first, end] = findSpanTokens(tokens, span);
    let best = 0;
    for (const other of against) {
      if (other.labelId !== span.labelId) continue;
      if (first === end) {
        // A span over no token (whitespace only) can only match exactly.
        if (other.start === span.start && other.end === span.end) best = 1;
        continue;
      }
      const [otherFirst, otherEnd] = findSpanTokens(tokens, other);
      const shared = Math.min(end, otherEnd) - Math.max(first, otherFirst);
      if (shared > 0) best = Math.max(best, shared / (end - first));
    }
    total += best;
  }
  return total;
}

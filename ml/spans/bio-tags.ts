import { findSpanTokens } from './find-span-tokens';
import { compareSpans, type TSpan, type TToken } from './span-types';

/**
 * BIO tag classes for a label set: 0 is O, then B-label and I-label for each label id in the
 * given order (class 1 + 2i is B of labelIds[i], 2 + 2i its I).
 */
export const OUTSIDE_CLASS = 0;

export function countBioClasses(labelCount: number): number {
  return 1 + 2 * labelCount;
}

/**
 * One tag class per token. BIO cannot hold overlapping spans, so for training on an overlap
 * project the spans are taken in text order (earlier start first, then the longer) and a span
 * sharing a token with one already tagged is left out. Spans over no token, or with a label not
 * in `labelIds`, are left out too. Returns how many spans were left out, for the caller to report.
 */
export function encodeBioTags(tokens: readonly TToken[], spans: readonly TSpan[], labelIds: readonly number[]): { tags: Int32Array; skipped: number } {
  const tags = new Int32Array(tokens.length);
  const classOf = new Map(labelIds.map((id, i) => [id, i]));
  let skipped = 0;
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || compareSpans(a, b));
  for (const span of ordered) {
    const label = classOf.get(span.labelId);
    const [first, end] = findSpanTokens(tokens, span);
    let isFree = label !== undefined && end > first;
    for (let t = first; isFree && t < end; t++) if (tags[t] !== OUTSIDE_CLASS) isFree = false;
    if (!isFree) {
      skipped++;
      continue;
    }
    tags[first] = 1 + 2 * label!;
    for (let t = first + 1; t < end; t++) tags[t] = 2 + 2 * label!;
  }
  return { tags, skipped };
}

export type TPredictedSpan = TSpan & {
  /** The lowest probability the model gave the chosen tag on any of the span's tokens. */
  confidence: number;
};

/**
 * Spans from a valid BIO sequence (decodeBioViterbi's) or any tag sequence: a span starts at B-x,
 * or at an I-x that does not continue an x span (the conlleval rule: a stray I opens a span), and
 * runs over the following I-x. Offsets are the first token's start and the last token's end.
 * Confidence is the minimum, over the span's tokens, of the probability of the tag chosen there:
 * a span is only as sure as its least sure token, boundaries included.
 */
export function decodeBioSpans(tokens: readonly TToken[], tags: Int32Array, probs: Float32Array, labelIds: readonly number[]): TPredictedSpan[] {
  const k = countBioClasses(labelIds.length);
  const spans: TPredictedSpan[] = [];
  let open: { label: number; first: number; confidence: number } | null = null;
  const close = (end: number) => {
    if (!open) return;
    spans.push({ start: tokens[open.first]!.start, end: tokens[end - 1]!.end, labelId: labelIds[open.label]!, confidence: open.confidence });
    open = null;
  };
  for (let t = 0; t < tokens.length; t++) {
    const tag = tags[t]!;
    const p = probs[t * k + tag]!;
    if (tag === OUTSIDE_CLASS) {
      close(t);
      continue;
    }
    const label = (tag - 1) >> 1;
    const isInside = (tag - 1) % 2 === 1;
    if (isInside && open && open.label === label) {
      open.confidence = Math.min(open.confidence, p);
      continue;
    }
    close(t);
    open = { label, first: t, confidence: p };
  }
  close(tokens.length);
  return spans;
}

/** Argmax tag per token, with no constraint between neighbours. */
export function decodeBioGreedy(probs: Float32Array, tokenCount: number, labelCount: number): Int32Array {
  const k = countBioClasses(labelCount);
  const tags = new Int32Array(tokenCount);
  for (let t = 0; t < tokenCount; t++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[t * k + c]! > probs[t * k + best]!) best = c;
    tags[t] = best;
  }
  return tags;
}

const LOG_FLOOR = 1e-12;

/**
 * The valid BIO sequence with the highest Σ_t log p(tag_t) (Viterbi over per-token probabilities):
 * I-x may only follow B-x or I-x, and the first token cannot be I. Where argmax yields a valid
 * sequence this is the same sequence; where it does not, it picks the best valid repair instead of
 * a fixed rule (e.g. O I-PER I-PER becomes O B-PER I-PER or O O O, whichever the probabilities favour).
 */
export function decodeBioViterbi(probs: Float32Array, tokenCount: number, labelCount: number): Int32Array {
  const k = countBioClasses(labelCount);
  const tags = new Int32Array(tokenCount);
  if (tokenCount === 0) return tags;
  const logp = (t: number, c: number) => Math.log(Math.max(probs[t * k + c]!, LOG_FLOOR));
  const isInside = (c: number) => c !== OUTSIDE_CLASS && (c - 1) % 2 === 1;
  // An I-x (class 2 + 2i) may follow its own B (1 + 2i) or I (2 + 2i) only.
  const canFollow = (previous: number, c: number) => !isInside(c) || previous === c || previous === c - 1;
  let score = new Float64Array(k);
  let next = new Float64Array(k);
  const back = new Int32Array(tokenCount * k);
  for (let c = 0; c < k; c++) score[c] = isInside(c) ? Number.NEGATIVE_INFINITY : logp(0, c);
  for (let t = 1; t < tokenCount; t++) {
    for (let c = 0; c < k; c++) {
      let best = Number.NEGATIVE_INFINITY;
      let from = 0;
      for (let previous = 0; previous < k; previous++) {
        if (!canFollow(previous, c) || score[previous]! <= best) continue;
        best = score[previous]!;
        from = previous;
      }
      next[c] = best + logp(t, c);
      back[t * k + c] = from;
    }
    [score, next] = [next, score];
  }
  let last = 0;
  for (let c = 1; c < k; c++) if (score[c]! > score[last]!) last = c;
  tags[tokenCount - 1] = last;
  for (let t = tokenCount - 1; t > 0; t--) tags[t - 1] = back[t * k + tags[t]!]!;
  return tags;
}

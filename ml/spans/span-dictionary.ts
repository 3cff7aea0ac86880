import { findSpanTokens } from './find-span-tokens';
import type { TSpan, TToken } from './span-types';
import { tokenizeText } from './tokenize-text';

/**
 * The baseline a span model must beat: every phrase marked in the training spans, with the label it
 * was given most often (the CoNLL-2003 baseline: tag the training entities wherever they recur).
 * Phrases are token sequences compared in lowercase.
 */
export type TSpanDictionary = { phrases: Map<string, number>; maxTokens: number; locale: string };

const SEPARATOR = '\u0001';

function phraseKey(text: string, tokens: readonly TToken[], first: number, end: number): string {
  let key = '';
  for (let t = first; t < end; t++) key += (t === first ? '' : SEPARATOR) + text.slice(tokens[t]!.start, tokens[t]!.end).toLowerCase();
  return key;
}

export function buildSpanDictionary(items: readonly { text: string; spans: readonly TSpan[] }[], locale = 'en'): TSpanDictionary {
  const counts = new Map<string, Map<number, number>>();
  let maxTokens = 0;
  for (const { text, spans } of items) {
    const tokens = tokenizeText(text, locale);
    for (const span of spans) {
      const [first, end] = findSpanTokens(tokens, span);
      if (end <= first) continue;
      const key = phraseKey(text, tokens, first, end);
      const perLabel = counts.get(key) ?? new Map<number, number>();
      perLabel.set(span.labelId, (perLabel.get(span.labelId) ?? 0) + 1);
      counts.set(key, perLabel);
      maxTokens = Math.max(maxTokens, end - first);
    }
  }
  const phrases = new Map<string, number>();
  for (const [key, perLabel] of counts) {
    // The most frequent label; a tie goes to the smaller label id, so the result never depends on input order.
    const [labelId] = [...perLabel].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    phrases.set(key, labelId);
  }
  return { phrases, maxTokens, locale };
}

/** Leftmost-longest matches of the dictionary's phrases, never overlapping, in text order. */
export function predictDictionarySpans(dictionary: TSpanDictionary, text: string, tokens: readonly TToken[] = tokenizeText(text, dictionary.locale)): TSpan[] {
  const spans: TSpan[] = [];
  for (let t = 0; t < tokens.length; ) {
    let matched = 0;
    for (let length = Math.min(dictionary.maxTokens, tokens.length - t); length >= 1 && matched === 0; length--) {
      const labelId = dictionary.phrases.get(phraseKey(text, tokens, t, t + length));
      if (labelId === undefined) continue;
      spans.push({ start: tokens[t]!.start, end: tokens[t + length - 1]!.end, labelId });
      matched = length;
    }
    t += Math.max(1, matched);
  }
  return spans;
}

import { findSpanTokens } from './find-span-tokens';
import type { TSpan, TToken } from './span-types';

/** 'io': each token gets the label of the span covering it; 'bio' also marks where each span begins. */
export type TTokenScheme = 'io' | 'bio';

export const OUTSIDE_TAG = 'O';

/**
 * One tag per token: 'O' outside every span; inside a span the label id ('io'), or `B-<id>` on
 * its first token and `I-<id>` on the rest ('bio'), so two adjacent spans of one label still
 * differ from one long span. A token under several spans (overlap projects) gets their tags
 * sorted and joined with '+', a category of its own.
 */
export function labelTokens(tokens: readonly TToken[], spans: readonly TSpan[], scheme: TTokenScheme): string[] {
  const tags: string[][] = tokens.map(() => []);
  for (const span of spans) {
    const [first, end] = findSpanTokens(tokens, span);
    for (let t = first; t < end; t++) {
      const tag = scheme === 'io' ? String(span.labelId) : `${t === first ? 'B' : 'I'}-${span.labelId}`;
      if (!tags[t]!.includes(tag)) tags[t]!.push(tag);
    }
  }
  return tags.map((list) => (list.length === 0 ? OUTSIDE_TAG : list.sort().join('+')));
}

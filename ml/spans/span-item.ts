import type { TSpan, TToken } from './span-types';

/** One annotator's answer on an item. */
export type TSpanAnnotation = { annotator: string; spans: readonly TSpan[] };

/**
 * What span agreement reads per item: its tokens (tokenizeText(text)) and every annotator's
 * spans. Tokens are the unit of partial credit and of token-level agreement.
 */
export type TSpanItem = { item: string; tokens: readonly TToken[]; annotations: readonly TSpanAnnotation[] };

import type { CsrRows } from '../csr-rows';
import { encodeBioTags } from './bio-tags';
import { createRowBuilder, type TTokenFeatureConfig } from './featurize-tokens';
import type { TSpan, TToken } from './span-types';
import { tokenizeText } from './tokenize-text';

/**
 * Many texts featurized once: every token's row, in text order, with the row range of each text.
 * Training on a subset of the texts, scoring the rest, or re-training round after round (the
 * simulator) gathers rows from here instead of tokenizing and hashing again.
 */
export type TSpanCorpus = {
  tokens: TToken[][];
  /** One row per token of every text, texts in order. */
  rows: CsrRows;
  /** Text i's rows are firstRow[i] .. firstRow[i + 1]. */
  firstRow: Int32Array;
  /** BIO class per row (0 everywhere when no spans were given). */
  tags: Int32Array;
  /** Spans BIO could not hold (overlapping an earlier one) or with a label not in `labelIds`. */
  skippedSpans: number;
};

export function prepareSpanCorpus(
  texts: readonly string[],
  spans: readonly (readonly TSpan[])[] | null,
  { features, labelIds, locale }: { features: TTokenFeatureConfig; labelIds: readonly number[]; locale: string },
): TSpanCorpus {
  const builder = createRowBuilder(features);
  const tokens: TToken[][] = [];
  const firstRow = new Int32Array(texts.length + 1);
  const tagParts: Int32Array[] = [];
  let skippedSpans = 0;
  texts.forEach((text, i) => {
    const itemTokens = tokenizeText(text, locale);
    tokens.push(itemTokens);
    builder.addText(text, itemTokens);
    firstRow[i + 1] = firstRow[i]! + itemTokens.length;
    if (spans) {
      const { tags, skipped } = encodeBioTags(itemTokens, spans[i] ?? [], labelIds);
      tagParts.push(tags);
      skippedSpans += skipped;
    }
  });
  const tags = new Int32Array(firstRow[texts.length]!);
  let at = 0;
  for (const part of tagParts) {
    tags.set(part, at);
    at += part.length;
  }
  return { tokens, rows: builder.finish(), firstRow, tags, skippedSpans };
}

/** Row indices of the given texts' tokens, texts in the order given. */
export function listCorpusRows(corpus: Pick<TSpanCorpus, 'firstRow'>, textIndices: ArrayLike<number>): Int32Array {
  let count = 0;
  for (let i = 0; i < textIndices.length; i++) count += corpus.firstRow[textIndices[i]! + 1]! - corpus.firstRow[textIndices[i]!]!;
  const rows = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < textIndices.length; i++) {
    for (let r = corpus.firstRow[textIndices[i]!]!; r < corpus.firstRow[textIndices[i]! + 1]!; r++) rows[at++] = r;
  }
  return rows;
}

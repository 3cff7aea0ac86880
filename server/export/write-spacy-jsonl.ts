import type { Readable } from 'node:stream';
import { createOffsetConverter, type TOffsetConverter } from '@/ml/spans/convert-code-point-offsets';
import { SPACY_QUORUM_KEY } from '@/server/import/mapped-fields';
import { isImportSpans, type TNamedSpan } from '@/server/import/types';
import { createByteStream } from './byte-stream';
import { toItems, type TExportAnswer, type TExportItem, type TExportSource } from './types';

/** A span as spaCy and Prodigy count it: code point offsets (Python str indices), end exclusive. */
export type TSpacySpan = { start: number; end: number; label: string };

export type TSpacyRecord = {
  text: string;
  spans: TSpacySpan[];
  meta: Record<string, unknown>;
  _quorum: {
    item_id: string;
    external_id: string | null;
    final_label_source: TExportItem['finalLabelSource'];
    gold_spans: TSpacySpan[] | null;
    annotations: { annotator: string; annotator_email: string | null; annotator_id: string | null; spans: TSpacySpan[]; created_at: string; lead_time_ms: number | null }[];
    prediction: { spans: TSpacySpan[]; score: number; model_version: string } | null;
  };
};

/** Stored UTF-16 spans as code point spans (throws on an offset inside a surrogate pair, which stored spans never have). */
export function toCodePointSpans(converter: TOffsetConverter, spans: readonly TNamedSpan[]): TSpacySpan[] {
  return spans.map((span) => ({ start: converter.toCodePoint(span.start), end: converter.toCodePoint(span.end), label: span.label }));
}

/**
 * One item as a spaCy / Prodigy-style record: `text`, `spans` (the item's final answer, the spans a
 * spaCy pipeline trains on; empty when the item has none yet) with offsets in code points, `meta`
 * (the item's metadata), and `_quorum` with what spaCy has no place for, so the file reads back
 * into a spans project whole: the item id, external id, how the final answer was decided (null: no
 * final answer, and `spans` is then empty), the gold spans, every annotation and the latest
 * prediction, all in code points too.
 */
export function toSpacyRecord(item: TExportItem): TSpacyRecord {
  const converter = createOffsetConverter(item.text);
  const spansOf = (answer: TExportAnswer | null | undefined) => (isImportSpans(answer) ? toCodePointSpans(converter, answer.spans) : null);
  return {
    text: item.text,
    spans: spansOf(item.finalLabel) ?? [],
    meta: item.metadata,
    [SPACY_QUORUM_KEY]: {
      item_id: item.itemId,
      external_id: item.externalId,
      final_label_source: isImportSpans(item.finalLabel) ? item.finalLabelSource : null,
      gold_spans: spansOf(item.goldLabel),
      annotations: item.annotations.map((a) => ({
        annotator: a.annotator.name,
        annotator_email: a.annotator.email,
        annotator_id: a.annotator.id,
        spans: spansOf(a.labels) ?? [],
        created_at: a.createdAt.toISOString(),
        lead_time_ms: a.leadTimeMs,
      })),
      prediction: item.prediction && isImportSpans(item.prediction.label) ? { spans: spansOf(item.prediction.label)!, score: item.prediction.score, model_version: item.prediction.modelVersion } : null,
    },
  };
}

/**
 * A record as one JSONL line. JSON.stringify escapes \n and \r but not U+2028/U+2029, which Python's
 * str.splitlines and some editors treat as line breaks: they are escaped too, so a record is one
 * line for every reader.
 */
export function formatSpacyLine(record: unknown): string {
  return `${JSON.stringify(record).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

async function* writeLines(items: TExportSource): AsyncGenerator<string> {
  for await (const chunk of items) {
    let lines = '';
    for (const item of toItems(chunk)) lines += formatSpacyLine(toSpacyRecord(item));
    yield lines;
  }
}

/** One spaCy / Prodigy-style record per line (toSpacyRecord): for spans projects. */
export function exportSpacy(items: TExportSource): Readable {
  return createByteStream(writeLines(items));
}

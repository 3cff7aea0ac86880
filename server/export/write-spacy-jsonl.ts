import { createOffsetConverter } from '@/ml/spans/convert-code-point-offsets';
import { compareSpans, type TSpan } from '@/ml/spans/span-types';

export type TSpacySpanRecord = { text: string; spans: { start: number; end: number; label: string }[] };

/**
 * One item as a spaCy / Prodigy-style JSONL object: offsets converted from UTF-16 code units to
 * code points (Python str indices), spans in text order, labels by name. `extra` keys (e.g.
 * `meta`) are written too but cannot replace `text` or `spans`. Throws on a span that
 * splits a surrogate pair (stored spans never do) or a label id without a name.
 */
export function toSpacyRecord(
  text: string,
  spans: readonly TSpan[],
  labelNamesById: ReadonlyMap<number, string>,
  extra: Record<string, unknown> = {},
): TSpacySpanRecord & Record<string, unknown> {
  const converter = createOffsetConverter(text);
  const converted = [...spans].sort(compareSpans).map((span) => {
    const label = labelNamesById.get(span.labelId);
    if (label === undefined) throw new Error(`no name for label id ${span.labelId}`);
    return { start: converter.toCodePoint(span.start), end: converter.toCodePoint(span.end), label };
  });
  return { ...extra, text, spans: converted };
}

/**
 * toSpacyRecord as one JSONL line. JSON.stringify escapes \n and \r but not U+2028/U+2029, which
 * Python's str.splitlines and some editors treat as line breaks: they are escaped too, so a
 * record is one line for every reader.
 */
export function writeSpacyJsonlLine(text: string, spans: readonly TSpan[], labelNamesById: ReadonlyMap<number, string>, extra?: Record<string, unknown>): string {
  return `${JSON.stringify(toSpacyRecord(text, spans, labelNamesById, extra)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

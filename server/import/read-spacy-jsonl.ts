import { createOffsetConverter, type TOffsetConverter } from '@/ml/spans/convert-code-point-offsets';
import type { TSpanReadProblem } from './read-label-studio-spans';
import { getOwn, isPlainRecord } from './sanitize-json';
import type { TNamedSpan } from './types';

export type TSpacySpans = {
  spans: TNamedSpan[];
  /** Each span's offsets as the file gave them (code points), for messages about it. */
  fileOffsets: { start: number; end: number }[];
  problems: TSpanReadProblem[];
};

/**
 * A spaCy / Prodigy-style `spans` list, `[{"start", "end", "label"}]` with offsets counted in code
 * points (Python str indices), converted to the UTF-16 offsets spans are stored in: exactly, since
 * each astral character (an emoji, 𝒜) is one code point and two UTF-16 units, and combining marks,
 * ZWJ and CR LF are code points of their own in both. A span is refused (index = its position) when
 * its offsets are not integers inside the text or its label is not a name, or when it carries a
 * `text` that differs from the slice it selects. Labels stay as the file spells them, and the
 * converted spans are checked against the text by the caller (grapheme boundaries, overlaps).
 * Other keys of a span (`token_start`, `token_end`, …) are ignored.
 */
export function readSpacySpans(raw: unknown, text: string, converter: TOffsetConverter = createOffsetConverter(text)): TSpacySpans {
  const read: TSpacySpans = { spans: [], fileOffsets: [], problems: [] };
  if (raw === undefined || raw === null) return read;
  if (!Array.isArray(raw)) {
    read.problems.push({ index: -1, reason: '"spans" must be a list of {"start", "end", "label"}' });
    return read;
  }
  raw.forEach((entry: unknown, index) => {
    if (!isPlainRecord(entry)) {
      read.problems.push({ index, reason: 'a span must be an object with start, end and label' });
      return;
    }
    const start = getOwn(entry, 'start');
    const end = getOwn(entry, 'end');
    const label = getOwn(entry, 'label');
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) > converter.codePointLength) {
      read.problems.push({
        index,
        reason: `offsets ${JSON.stringify(start ?? null)}..${JSON.stringify(end ?? null)} are not code point offsets inside the text (${converter.codePointLength} code points)`,
      });
      return;
    }
    if (typeof label !== 'string' || label.trim() === '') {
      read.problems.push({ index, reason: `a span needs a "label" name, got ${JSON.stringify(label ?? null)}` });
      return;
    }
    const span = { start: converter.toUtf16(start as number), end: converter.toUtf16(end as number), label: label.trim() };
    const quoted = getOwn(entry, 'text');
    if (typeof quoted === 'string' && quoted !== text.slice(span.start, span.end)) {
      read.problems.push({ index, reason: `span text ${JSON.stringify(quoted)} does not match the text at ${start}..${end} (${JSON.stringify(text.slice(span.start, span.end))})` });
      return;
    }
    read.spans.push(span);
    read.fileOffsets.push({ start: start as number, end: end as number });
  });
  return read;
}

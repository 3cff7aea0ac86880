import type { TSpan } from '@/ml/spans/span-types';
import { createOffsetConverter } from '@/ml/spans/convert-code-point-offsets';
import { markGraphemeBoundaries } from '@/ml/spans/segment-graphemes';
import { validateSpan } from '@/ml/spans/validate-span';
import type { TSpanReadProblem } from './read-label-studio-spans';
import { getOwn, isPlainRecord } from './sanitize-json';

export type TSpacyRecord = { text: string; spans: TSpan[]; problems: TSpanReadProblem[] };

/**
 * One spaCy / Prodigy-style JSONL object, `{"text", "spans": [{"start", "end", "label"}]}`, with
 * offsets counted in code points (Python str indices), converted to the UTF-16 offsets spans are
 * stored in. Returns null with a reason when the line has no string `text`. A span is refused
 * (index = its position in `spans`) when its offsets are not integers inside the text, when the
 * converted range is not a valid span (empty, inside a grapheme cluster), when its label is not
 * in `labelIdsByName`, or when it carries a `text` that differs from the slice it selects. Other
 * keys (`tokens`, `meta`, `_input_hash`, …) are left for the caller's metadata mapping.
 */
export function readSpacyRecord(record: unknown, labelIdsByName: ReadonlyMap<string, number>): TSpacyRecord | { text: null; reason: string } {
  if (!isPlainRecord(record)) return { text: null, reason: 'a spaCy JSONL line must be a JSON object' };
  const text = getOwn(record, 'text');
  if (typeof text !== 'string') return { text: null, reason: `"text" must be a string, got ${typeof text}` };
  const rawSpans = getOwn(record, 'spans');
  const spans: TSpan[] = [];
  const problems: TSpanReadProblem[] = [];
  if (rawSpans === undefined || rawSpans === null) return { text, spans, problems };
  if (!Array.isArray(rawSpans)) return { text, spans, problems: [{ index: -1, reason: '"spans" must be an array' }] };
  const converter = createOffsetConverter(text);
  const boundaries = markGraphemeBoundaries(text);
  const allIds = new Set(labelIdsByName.values());
  rawSpans.forEach((raw: unknown, index) => {
    if (!isPlainRecord(raw)) {
      problems.push({ index, reason: 'a span must be an object with start, end and label' });
      return;
    }
    const start = getOwn(raw, 'start');
    const end = getOwn(raw, 'end');
    const label = getOwn(raw, 'label');
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) > converter.codePointLength) {
      problems.push({ index, reason: `span offsets ${JSON.stringify(start)}..${JSON.stringify(end)} are not code point offsets inside the text (${converter.codePointLength} code points)` });
      return;
    }
    const labelId = typeof label === 'string' ? labelIdsByName.get(label) : undefined;
    if (labelId === undefined) {
      problems.push({ index, reason: `label ${JSON.stringify(label)} is not one of the project's labels` });
      return;
    }
    const span = { start: converter.toUtf16(start as number), end: converter.toUtf16(end as number), labelId };
    const quoted = getOwn(raw, 'text');
    if (typeof quoted === 'string' && quoted !== text.slice(span.start, span.end)) {
      problems.push({ index, reason: `span text ${JSON.stringify(quoted)} does not match the text at ${start}..${end} (${JSON.stringify(text.slice(span.start, span.end))})` });
      return;
    }
    const check = validateSpan(text, span, allIds, boundaries);
    if (check.isValid) spans.push(span);
    else problems.push({ index, reason: check.reason });
  });
  return { text, spans, problems };
}

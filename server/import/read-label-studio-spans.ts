import type { TSpan } from '@/ml/spans/span-types';
import { markGraphemeBoundaries } from '@/ml/spans/segment-graphemes';
import { validateSpan } from '@/ml/spans/validate-span';
import { getOwn, isPlainRecord } from './sanitize-json';

/** A result entry that could not become a span: `index` is its position in the result list. */
export type TSpanReadProblem = { index: number; reason: string };

export type TReadSpans = { spans: TSpan[]; problems: TSpanReadProblem[] };

/**
 * The spans of one Label Studio annotation or prediction `result` list: entries of type `labels`
 * (optionally of one `<Labels name>` only), each `value: {start, end, text, labels: [name, …]}`
 * with offsets in UTF-16 code units of the task's text, which is how Label Studio counts them and
 * how spans are stored, so offsets are taken as they are. A region with several labels becomes one
 * span per label. An entry is refused (a problem, for the row's error report) when its offsets are
 * not a valid span of `text`, when its `value.text` differs from the slice the offsets select (the
 * offsets would then point at the wrong words: a text edited after labeling, or offsets counted in
 * another unit), or when a label is not in `labelIdsByName`. Other result types are skipped.
 */
export function readLabelStudioSpans(
  result: unknown,
  text: string,
  labelIdsByName: ReadonlyMap<string, number>,
  fromName?: string | null,
): TReadSpans {
  const spans: TSpan[] = [];
  const problems: TSpanReadProblem[] = [];
  if (!Array.isArray(result)) return { spans, problems };
  const boundaries = markGraphemeBoundaries(text);
  const allIds = new Set(labelIdsByName.values());
  result.forEach((entry: unknown, index) => {
    if (!isPlainRecord(entry)) return;
    if (fromName && getOwn(entry, 'from_name') !== fromName) return;
    const type = getOwn(entry, 'type');
    const value = getOwn(entry, 'value');
    if (!isPlainRecord(value)) return;
    const labels = getOwn(value, 'labels');
    if ((type !== undefined && type !== 'labels') || !Array.isArray(labels)) return;
    const start = getOwn(value, 'start');
    const end = getOwn(value, 'end');
    if (typeof start !== 'number' || typeof end !== 'number') {
      problems.push({ index, reason: `a labels result needs numeric value.start and value.end, got ${JSON.stringify(start)} and ${JSON.stringify(end)}` });
      return;
    }
    const quoted = getOwn(value, 'text');
    if (quoted !== undefined && quoted !== null) {
      const slice = Number.isInteger(start) && Number.isInteger(end) ? text.slice(start, end) : null;
      if (typeof quoted !== 'string' || quoted !== slice) {
        problems.push({ index, reason: `value.text ${JSON.stringify(quoted)} does not match the text at ${start}..${end} (${JSON.stringify(slice)})` });
        return;
      }
    }
    for (const name of labels) {
      const labelId = typeof name === 'string' ? labelIdsByName.get(name) : undefined;
      if (labelId === undefined) {
        problems.push({ index, reason: `label ${JSON.stringify(name)} is not one of the project's labels` });
        continue;
      }
      const span = { start, end, labelId };
      const check = validateSpan(text, span, allIds, boundaries);
      if (check.isValid) spans.push(span);
      else problems.push({ index, reason: check.reason });
    }
  });
  return { spans, problems };
}

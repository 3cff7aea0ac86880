import { getOwn, isPlainRecord } from './sanitize-json';
import type { TNamedSpan } from './types';

/** A result entry that could not become a span: `index` is its position in the result list. */
export type TSpanReadProblem = { index: number; reason: string };

export type TReadSpans = {
  /** Label names as the file spells them: the caller resolves them and checks the spans against the text. */
  spans: TNamedSpan[];
  problems: TSpanReadProblem[];
  /** Whether the list held any region of the control at all (a `labels` result, even a broken one). */
  hasRegions: boolean;
};

/**
 * One Label Studio region value `{start, end, text, labels: [name, …]}` (offsets in UTF-16 code
 * units of the task's text, which is how Label Studio counts them and how spans are stored, so they
 * are taken as they are): one span per label. Refused when the offsets are not numbers, or when
 * `text` differs from the slice the offsets select (they would point at the wrong words: a text
 * edited after labeling, or offsets counted in another unit).
 */
function readRegionValue(value: Record<string, unknown>, text: string, index: number, spans: TNamedSpan[], problems: TSpanReadProblem[]): void {
  const start = getOwn(value, 'start');
  const end = getOwn(value, 'end');
  if (typeof start !== 'number' || typeof end !== 'number') {
    problems.push({ index, reason: `a labels region needs numeric start and end, got ${JSON.stringify(start ?? null)} and ${JSON.stringify(end ?? null)}` });
    return;
  }
  const quoted = getOwn(value, 'text');
  if (quoted !== undefined && quoted !== null) {
    const slice = Number.isInteger(start) && Number.isInteger(end) ? text.slice(start, end) : null;
    if (typeof quoted !== 'string' || quoted !== slice) {
      problems.push({ index, reason: `region text ${JSON.stringify(quoted)} does not match the text at ${start}..${end} (${JSON.stringify(slice)})` });
      return;
    }
  }
  const labels = getOwn(value, 'labels');
  if (!Array.isArray(labels) || labels.length === 0) {
    problems.push({ index, reason: `a labels region at ${start}..${end} names no label` });
    return;
  }
  for (const name of labels) {
    if (typeof name !== 'string' || name.trim() === '') problems.push({ index, reason: `a labels region at ${start}..${end} has a label that is not a name: ${JSON.stringify(name)}` });
    else spans.push({ start, end, label: name.trim() });
  }
}

/**
 * The spans of one Label Studio annotation or prediction `result` list: entries of type `labels`
 * (optionally of one `<Labels name>` only), each a region (readRegionValue). A region with several
 * labels becomes one span per label. Other result types are skipped.
 */
export function readLabelStudioSpans(result: unknown, text: string, fromName?: string | null): TReadSpans {
  const read: TReadSpans = { spans: [], problems: [], hasRegions: false };
  if (!Array.isArray(result)) return read;
  result.forEach((entry: unknown, index) => {
    if (!isPlainRecord(entry)) return;
    if (fromName && getOwn(entry, 'from_name') !== fromName) return;
    const type = getOwn(entry, 'type');
    const value = getOwn(entry, 'value');
    if (!isPlainRecord(value)) return;
    if (type === undefined ? !Array.isArray(getOwn(value, 'labels')) : type !== 'labels') return;
    read.hasRegions = true;
    readRegionValue(value, text, index, read.spans, read.problems);
  });
  return read;
}

/**
 * The regions of a Label Studio JSON_MIN column: the export flattens a `<Labels>` control to the list
 * of its region values (`[{start, end, text, labels}]`), or a JSON text of it.
 */
export function readLabelStudioMinRegions(raw: unknown, text: string): TReadSpans {
  const read: TReadSpans = { spans: [], problems: [], hasRegions: false };
  let value = raw;
  if (typeof raw === 'string' && raw.trim().startsWith('[')) {
    try {
      value = JSON.parse(raw);
    } catch {
      read.problems.push({ index: -1, reason: 'the regions are not valid JSON' });
      return read;
    }
  }
  if (value === undefined || value === null || value === '') return read;
  if (!Array.isArray(value)) {
    read.problems.push({ index: -1, reason: 'a labels column must hold a list of regions [{"start", "end", "text", "labels"}]' });
    return read;
  }
  read.hasRegions = true;
  value.forEach((region: unknown, index) => {
    if (isPlainRecord(region)) readRegionValue(region, text, index, read.spans, read.problems);
    else read.problems.push({ index, reason: 'a region must be an object {"start", "end", "text", "labels"}' });
  });
  return read;
}

import { validateSpanSet, type TSpanSetProblem } from '@/ml/spans/validate-span-set';
import { addProblem, describeType, resolveLabel, type TMapContext } from './map-context';
import { getOwn, isPlainRecord } from './sanitize-json';
import type { TImportSpans, TNamedSpan } from './types';

/** More spans than this on one answer is a broken file, not an annotation (the queue's own limit). */
export const MAX_IMPORT_SPANS = 2_000;

/** Offsets as the file gave them (spaCy's code points), when they differ from the UTF-16 ones checked. */
export type TFileOffsets = readonly { start: number; end: number }[];

/** How a problem names a span: its place in the answer, its offsets as the file gave them, and the text it covers. */
function describeSpanAt(text: string, spans: readonly TNamedSpan[], index: number, fileOffsets?: TFileOffsets): string {
  const span = spans[index]!;
  const shownOffsets = fileOffsets?.[index] ?? span;
  const slice = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start < span.end ? text.slice(span.start, span.end) : '';
  const shown = slice.length > 40 ? `${slice.slice(0, 40)}…` : slice;
  return `span ${index + 1} (${shownOffsets.start}..${shownOffsets.end}${shown ? ` ${JSON.stringify(shown)}` : ''}, ${JSON.stringify(span.label)})`;
}

/** Why a span is refused, in words that hold whatever unit the file counts in. */
function explainSpanProblem(text: string, spans: readonly TNamedSpan[], problem: TSpanSetProblem, fileOffsets?: TFileOffsets): string {
  switch (problem.code) {
    case 'not_integer':
      return 'offsets must be whole numbers';
    case 'out_of_bounds':
      return fileOffsets ? 'it lies outside the text' : `it lies outside the text (${text.length} UTF-16 code units long)`;
    case 'empty':
      return 'it is empty: start must be before end';
    case 'splits_grapheme':
      return 'an edge falls inside a character (a surrogate pair, an emoji sequence, a letter with combining marks or a CRLF)';
    case 'duplicate':
      return 'the same span (same start, end and label) is given twice';
    case 'overlap': {
      const span = spans[problem.index]!;
      const other = spans.findIndex((candidate, index) => index !== problem.index && candidate.start < span.end && span.start < candidate.end);
      return `it overlaps ${other < 0 ? 'another span' : describeSpanAt(text, spans, other, fileOffsets)}, and this project does not allow overlapping spans`;
    }
    default:
      return problem.reason;
  }
}

/**
 * Spans a file gives for one answer, checked against the row's text and the project the way a
 * submission is: every label one of the project's (an unknown label refuses the row, as in every
 * import), every span inside the text with both edges on grapheme cluster boundaries (no emoji,
 * combining mark or CRLF cut in two), none given twice, and none overlapping another unless the
 * project allows overlapping spans. Offsets are UTF-16 code units. Returns the spans in text order
 * with the project's spelling of each label, or null with a problem per bad span.
 */
export function checkNamedSpans(
  ctx: TMapContext,
  row: number,
  field: string,
  text: string,
  spans: readonly TNamedSpan[],
  what: string,
  fileOffsets?: TFileOffsets,
): TImportSpans | null {
  if (spans.length > MAX_IMPORT_SPANS) {
    addProblem(ctx, row, field, `${what} has ${spans.length} spans, more than the ${MAX_IMPORT_SPANS} an item can take`);
    return null;
  }
  const names: string[] = [];
  const resolved: TNamedSpan[] = [];
  for (const span of spans) {
    const label = resolveLabel(ctx, row, field, span.label);
    if (label === null) return null;
    if (!names.includes(label)) names.push(label);
    resolved.push({ start: span.start, end: span.end, label });
  }
  // validateSpanSet works on label ids: a label's place in `names` stands in for it.
  const withIds = resolved.map((span) => ({ start: span.start, end: span.end, labelId: names.indexOf(span.label) }));
  const problems = validateSpanSet(text, withIds, new Set(names.keys()), ctx.spans?.allowOverlap ?? false);
  for (const problem of problems) {
    addProblem(ctx, row, field, `${what}: ${describeSpanAt(text, spans, problem.index, fileOffsets)}: ${explainSpanProblem(text, spans, problem, fileOffsets)}`);
  }
  if (problems.length > 0) return null;
  resolved.sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return { spans: resolved };
}

/**
 * One span object as Quorum's CSV, JSON Lines and Label Studio `gold_label` / `final_label` fields
 * write it: `{"start", "end", "label"}` in UTF-16 code units. null (with a problem) when it is not.
 */
function readSpanObject(ctx: TMapContext, row: number, field: string, raw: unknown, index: number, what: string): TNamedSpan | null {
  if (!isPlainRecord(raw)) {
    addProblem(ctx, row, field, `${what}: span ${index + 1} must be an object {"start", "end", "label"}, got ${describeType(raw)}`);
    return null;
  }
  const start = getOwn(raw, 'start');
  const end = getOwn(raw, 'end');
  const label = getOwn(raw, 'label');
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    addProblem(ctx, row, field, `${what}: span ${index + 1} needs integer "start" and "end", got ${JSON.stringify(start ?? null)} and ${JSON.stringify(end ?? null)}`);
    return null;
  }
  if (typeof label !== 'string' || label.trim() === '') {
    addProblem(ctx, row, field, `${what}: span ${index + 1} needs a "label" name, got ${JSON.stringify(label ?? null)}`);
    return null;
  }
  return { start: start as number, end: end as number, label: label.trim() };
}

/**
 * A spans answer from a field: a list of `{"start", "end", "label"}` (UTF-16 offsets), its JSON text
 * (a CSV cell), or `{"spans": [...]}`. An empty list is the answer "no spans"; an empty cell or null is
 * no answer at all. The spans are then checked against the text (checkNamedSpans).
 */
export function readSpanAnswer(ctx: TMapContext, row: number, field: string, raw: unknown, text: string, what: string): TImportSpans | null {
  if (raw === undefined || raw === null) return null;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed === '') return null;
    try {
      value = JSON.parse(trimmed);
    } catch {
      addProblem(ctx, row, field, `${what} must be a JSON list of spans [{"start", "end", "label"}], and this is not valid JSON`);
      return null;
    }
  }
  if (isPlainRecord(value) && Array.isArray(getOwn(value, 'spans'))) value = getOwn(value, 'spans');
  if (!Array.isArray(value)) {
    addProblem(ctx, row, field, `wrong type: ${what} must be a list of spans [{"start", "end", "label"}], got ${describeType(value)}`);
    return null;
  }
  const spans: TNamedSpan[] = [];
  let isValid = true;
  (value as unknown[]).forEach((entry, index) => {
    const span = readSpanObject(ctx, row, field, entry, index, what);
    if (span) spans.push(span);
    else isValid = false;
  });
  return isValid ? checkNamedSpans(ctx, row, field, text, spans, what) : null;
}

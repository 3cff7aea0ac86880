import { z } from 'zod';
import type { TRating } from '@/ml/agreement';
import type { TLabelSetRating } from '@/ml/multilabel/label-set-ratings';
import type { TNamedSpanAnswer } from '@/ml/spans/compute-named-span-agreement';

/** The three shapes of ratings `quorum agreement` reads, as the quality report's ratings download writes them. */
export const RATING_KINDS = ['single', 'multi-label', 'spans'] as const;
export type TRatingKind = (typeof RATING_KINDS)[number];

export type TRatingRecord = { single: TRating; 'multi-label': TLabelSetRating; spans: TNamedSpanAnswer };

/** The key only a line of that kind has: how the kind of a file is told from its first line. */
const KIND_KEYS: Record<TRatingKind, string> = { single: 'label', 'multi-label': 'labels', spans: 'spans' };

/** A kind as an error message names it. */
export function describeRatingKind(kind: TRatingKind): string {
  const name = kind === 'single' ? 'single-label' : kind === 'multi-label' ? 'multi-label' : 'span';
  return `${name} ({"${KIND_KEYS[kind]}"})`;
}

/** The kinds whose key a JSONL object has: exactly one for a line that tells its kind. */
export function detectRatingKinds(fields: Record<string, unknown>): TRatingKind[] {
  return RATING_KINDS.filter((kind) => KIND_KEYS[kind] in fields);
}

// JSONL writers emit 3 as readily as "3": a number is a name too.
const ZName = z
  .union([z.string(), z.number().refine(Number.isFinite).transform(String)], { error: 'must be a string or a number' })
  .refine((name) => name.trim() !== '', { error: 'must not be empty' });

const ZOffset = z.int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' });

const LINE_SCHEMAS = {
  single: z.object({ item: ZName, annotator: ZName, label: ZName }),
  'multi-label': z.object({ item: ZName, annotator: ZName, labels: z.array(ZName, { error: 'must be a list of labels' }) }),
  spans: z.object({
    item: ZName,
    annotator: ZName,
    text: z.string({ error: 'must be the item’s text' }),
    spans: z.array(z.object({ start: ZOffset, end: ZOffset, label: ZName }, { error: 'must be an object {"start","end","label"}' }), { error: 'must be a list of spans' }),
  }),
} satisfies { [K in TRatingKind]: z.ZodType<TRatingRecord[K]> };

/**
 * One JSONL object as a rating of `kind`; throws an Error saying which field is wrong and how. A
 * span must lie inside its text and not be empty: its offsets count UTF-16 code units (as
 * JavaScript strings do and Quorum stores them), end exclusive.
 */
export function parseRatingLine<K extends TRatingKind>(kind: K, fields: Record<string, unknown>): TRatingRecord[K] {
  const parsed = LINE_SCHEMAS[kind].safeParse(fields);
  if (!parsed.success) throw new Error(describeIssue(parsed.error.issues[0]!, fields));
  const record = parsed.data as TRatingRecord[K];
  if (kind === 'spans') {
    const { text, spans } = record as TNamedSpanAnswer;
    spans.forEach(({ start, end }, s) => {
      if (end > text.length) throw new Error(`"spans[${s}]" ${start}..${end} lies outside the text (length ${text.length} in UTF-16 code units)`);
      if (start >= end) throw new Error(`"spans[${s}]" ${start}..${end} is empty: start must be before end`);
    });
  }
  return record;
}

function describeIssue(issue: z.core.$ZodIssue, fields: Record<string, unknown>): string {
  const path = issue.path.map((key, at) => (typeof key === 'number' ? `[${key}]` : at === 0 ? String(key) : `.${String(key)}`)).join('');
  let value: unknown = fields;
  for (const key of issue.path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<PropertyKey, unknown>)[key];
  if (value === undefined) return `missing "${path}"`;
  const shown = JSON.stringify(value);
  return `"${path}" ${issue.message}, got ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

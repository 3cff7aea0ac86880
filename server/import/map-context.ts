import { getOwn, isPlainRecord, sanitizeJson, UnsafeJsonError } from './sanitize-json';
import type { TLabelSet } from './label-set';
import { IMAGE_HASH_FIELD, LABEL_STUDIO_MIN_FIELDS, listMappedFields, SPACY_CONSUMED_KEYS } from './mapped-fields';
import { findMetadataLimitProblem } from './metadata-limits';
import { SeenIds } from './seen-ids';
import type { TImportFormat, TImportMapping, TImportProblem } from './types';

export type TMapContext = {
  format: TImportFormat;
  mapping: TImportMapping;
  labels: TLabelSet | null;
  maxTextBytes: number;
  maxDepth: number;
  /** Gold, final and predicted labels are sets of labels (multi-label projects). */
  isMultiLabel: boolean;
  /** A spans project: answers are spans of the row's text, under this overlap rule (see read-span-answer.ts). */
  spans: { allowOverlap: boolean } | null;
  /** External ids with the row each was first seen on. Grows with the file: ~32 bytes per distinct id. */
  seenIds: SeenIds;
  /** Fields that never land in metadata. */
  consumed: Set<string>;
  /** Reused per row so accepted rows allocate no problem list. */
  pending: TImportProblem[];
};

export function createMapContext(options: {
  format: TImportFormat;
  mapping: TImportMapping;
  labels: TLabelSet | null;
  maxTextBytes: number;
  maxDepth: number;
  isMultiLabel?: boolean;
  spans?: { allowOverlap: boolean } | null;
}): TMapContext {
  const { mapping, format } = options;
  const consumed = new Set<string>([...(mapping.ignoreFields ?? []), ...listMappedFields(mapping, format)]);
  if (format === 'label-studio-min') for (const field of LABEL_STUDIO_MIN_FIELDS) consumed.add(field);
  if (format === 'spacy') for (const field of SPACY_CONSUMED_KEYS) consumed.add(field);
  // An image row's hash is read with its URL (read-image-hash.ts), not kept as metadata.
  if (mapping.imageField) consumed.add(IMAGE_HASH_FIELD);
  return { ...options, isMultiLabel: options.isMultiLabel ?? false, spans: options.spans ?? null, seenIds: new SeenIds(), consumed, pending: [] };
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function addProblem(ctx: TMapContext, row: number, field: string | null, reason: string): void {
  ctx.pending.push({ row, field, reason });
}

export function readText(ctx: TMapContext, row: number, record: Record<string, unknown>, field: string): string | null {
  const value = getOwn(record, field);
  if (value === undefined) {
    addProblem(ctx, row, field, `text is missing (no field "${field}")`);
    return null;
  }
  if (value === null) {
    addProblem(ctx, row, field, 'text is empty (null)');
    return null;
  }
  if (typeof value !== 'string') {
    addProblem(ctx, row, field, `wrong type: text must be a string, got ${describeType(value)}`);
    return null;
  }
  if (value.length === 0 || value.trim() === '') {
    addProblem(ctx, row, field, 'text is empty');
    return null;
  }
  // A UTF-16 unit is 1–3 UTF-8 bytes, so most rows are decided without encoding them.
  if (value.length * 3 > ctx.maxTextBytes) {
    const bytes = value.length > ctx.maxTextBytes ? value.length : Buffer.byteLength(value, 'utf8');
    if (bytes > ctx.maxTextBytes) {
      const size = value.length > ctx.maxTextBytes ? `at least ${bytes}` : `${bytes}`;
      addProblem(ctx, row, field, `text is ${size} bytes, which exceeds maxTextBytes (${ctx.maxTextBytes})`);
      return null;
    }
  }
  return value;
}

/** Coerces a scalar label; `what` names it in messages. Returns null for "no label". */
export function readLabel(ctx: TMapContext, row: number, field: string, raw: unknown, what: string): string | null {
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return null;
    if (raw.length === 1) return readLabel(ctx, row, field, raw[0], what);
    addProblem(ctx, row, field, `${what} must be a single label, got ${raw.length}`);
    return null;
  }
  let label: string;
  if (typeof raw === 'string') label = raw.trim();
  else if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') label = String(raw);
  else {
    addProblem(ctx, row, field, `wrong type: ${what} must be a string, got ${describeType(raw)}`);
    return null;
  }
  if (label === '') return null;
  return resolveLabel(ctx, row, field, label);
}

export function resolveLabel(ctx: TMapContext, row: number, field: string, label: string): string | null {
  if (!ctx.labels) return label;
  const resolved = ctx.labels.resolve(label);
  if (resolved === null) addProblem(ctx, row, field, `unknown label ${JSON.stringify(label)}: ${ctx.labels.describe()}`);
  return resolved;
}

/**
 * A multi-label set: a list of names, its JSON text (how Quorum's CSV export writes it), or names
 * separated by "|" (easy to type in a spreadsheet). null is "no answer"; an empty list is the answer
 * "none of these".
 */
export function readLabelSet(ctx: TMapContext, row: number, field: string, raw: unknown, what: string): string[] | null {
  if (raw === undefined || raw === null) return null;
  let list: unknown = raw;
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed === '') return null;
    if (trimmed.startsWith('[')) {
      try {
        list = JSON.parse(trimmed);
      } catch {
        addProblem(ctx, row, field, `${what} starts like a JSON list but is not valid JSON`);
        return null;
      }
    } else {
      list = trimmed.split('|');
    }
  } else if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') {
    list = [String(raw)];
  }
  if (!Array.isArray(list)) {
    addProblem(ctx, row, field, `wrong type: ${what} must be a list of labels, got ${describeType(raw)}`);
    return null;
  }
  const names: string[] = [];
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'string' && !(typeof entry === 'number' && Number.isFinite(entry))) {
      addProblem(ctx, row, field, `wrong type: ${what} must be a list of label names, found ${describeType(entry)}`);
      return null;
    }
    const name = String(entry).trim();
    if (name !== '') names.push(name);
  }
  return resolveLabels(ctx, row, field, names);
}

export function resolveLabels(ctx: TMapContext, row: number, field: string, labels: string[]): string[] | null {
  const out: string[] = [];
  for (const label of labels) {
    const resolved = resolveLabel(ctx, row, field, label);
    if (resolved === null) return null;
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

export function readId(ctx: TMapContext, row: number, field: string, raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') {
    addProblem(ctx, row, field, `wrong type: id must be a string or number, got ${describeType(raw)}`);
    return null;
  }
  const id = raw.trim();
  return id === '' ? null : id;
}

export function checkDuplicateId(ctx: TMapContext, row: number, field: string, id: string): void {
  const first = ctx.seenIds.firstRowOf(id, row);
  if (first !== null) addProblem(ctx, row, field, `duplicate id ${JSON.stringify(id)} (first seen on row ${first})`);
}

export function parseDate(raw: unknown): Date | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  if (raw === '') return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function readNumber(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') {
    const n = Number(raw.trim());
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function readOptionalString(raw: unknown): string | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw;
}

/** JSON value or its JSON text (CSV cells); `undefined` means "not valid", with a problem added. */
export function readJsonCell(ctx: TMapContext, row: number, field: string, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return null;
  try {
    return sanitizeJson(JSON.parse(raw), ctx.maxDepth);
  } catch (error) {
    const reason = error instanceof UnsafeJsonError ? error.reason : 'is not valid JSON';
    addProblem(ctx, row, field, `${field} ${reason}`);
    return undefined;
  }
}

export function readStringList(raw: unknown): string[] | null {
  if (typeof raw === 'string') return raw.trim() === '' ? [] : [raw.trim()];
  if (typeof raw === 'number' && Number.isFinite(raw)) return [String(raw)];
  if (!Array.isArray(raw)) return null;
  const out: string[] = [];
  for (const item of raw) {
    if (typeof item === 'string') {
      if (item.trim() !== '') out.push(item.trim());
    } else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
    else return null;
  }
  return out;
}

export function readLeadTimeMs(seconds: unknown): number | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

export function copyMetadata(ctx: TMapContext, row: number, record: Record<string, unknown>): Record<string, unknown> {
  const metadata: Record<string, unknown> = Object.create(null);
  const { metadataField } = ctx.mapping;
  if (metadataField && ctx.format !== 'label-studio') {
    const nested = readJsonCell(ctx, row, metadataField, getOwn(record, metadataField));
    if (isPlainRecord(nested)) {
      for (const key of Object.keys(nested)) metadata[key] = nested[key];
    } else if (nested !== undefined && nested !== null) {
      addProblem(ctx, row, metadataField, `wrong type: ${metadataField} must be a JSON object, got ${describeType(nested)}`);
    }
  }
  for (const key of Object.keys(record)) {
    if (!ctx.consumed.has(key)) metadata[key] = record[key];
  }
  const tooLarge = findMetadataLimitProblem(metadata);
  if (tooLarge) addProblem(ctx, row, metadataField ?? null, tooLarge);
  return metadata;
}


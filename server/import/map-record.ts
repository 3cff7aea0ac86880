import { hashContent } from './content-hash';
import type { TLabelSet } from './label-set';
import type { TRawRecord } from './records';
import { getOwn, isPlainRecord, sanitizeJson, UnsafeJsonError } from './sanitize-json';
import type { TImportAnnotation, TImportFormat, TImportMapping, TImportPrediction, TImportProblem, TImportRow } from './types';

/** Columns of Label Studio's JSON_MIN export that describe the annotation, not the task. */
const LABEL_STUDIO_MIN_FIELDS = ['annotator', 'annotation_id', 'created_at', 'updated_at', 'lead_time'];

export type TMapContext = {
  format: TImportFormat;
  mapping: TImportMapping;
  labels: TLabelSet | null;
  maxTextBytes: number;
  maxDepth: number;
  /** External id → row it was first seen on. Grows with the file: ~100 bytes per distinct id. */
  seenIds: Map<string, number>;
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
}): TMapContext {
  const { mapping, format } = options;
  const consumed = new Set<string>(mapping.ignoreFields ?? []);
  for (const field of [
    mapping.textField,
    mapping.labelField,
    mapping.idField,
    mapping.annotationsField,
    mapping.predictionLabelField,
    mapping.predictionScoreField,
    mapping.modelVersionField,
    mapping.metadataField,
  ]) {
    if (field) consumed.add(field);
  }
  if (format === 'label-studio-min') {
    for (const field of LABEL_STUDIO_MIN_FIELDS) consumed.add(field);
    if (mapping.fromName) consumed.add(mapping.fromName);
  }
  return { ...options, seenIds: new Map(), consumed, pending: [] };
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function addProblem(ctx: TMapContext, row: number, field: string | null, reason: string): void {
  ctx.pending.push({ row, field, reason });
}

function readText(ctx: TMapContext, row: number, record: Record<string, unknown>, field: string): string | null {
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
function readLabel(ctx: TMapContext, row: number, field: string, raw: unknown, what: string): string | null {
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

function resolveLabel(ctx: TMapContext, row: number, field: string, label: string): string | null {
  if (!ctx.labels) return label;
  const resolved = ctx.labels.resolve(label);
  if (resolved === null) addProblem(ctx, row, field, `unknown label ${JSON.stringify(label)}: ${ctx.labels.describe()}`);
  return resolved;
}

function resolveLabels(ctx: TMapContext, row: number, field: string, labels: string[]): string[] | null {
  const out: string[] = [];
  for (const label of labels) {
    const resolved = resolveLabel(ctx, row, field, label);
    if (resolved === null) return null;
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

function readId(ctx: TMapContext, row: number, field: string, raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') {
    addProblem(ctx, row, field, `wrong type: id must be a string or number, got ${describeType(raw)}`);
    return null;
  }
  const id = raw.trim();
  return id === '' ? null : id;
}

/**
 * A copy of `text` that shares no memory with the text it was cut from. V8 keeps a substring of 13
 * or more characters as a view of its parent, so ids kept for the whole import would keep every
 * chunk (or line) they came from alive; `slice` of a fresh concatenation copies just the id.
 */
function detachString(text: string): string {
  return ` ${text}`.slice(1);
}

function checkDuplicateId(ctx: TMapContext, row: number, field: string, id: string): void {
  const first = ctx.seenIds.get(id);
  if (first === undefined) ctx.seenIds.set(detachString(id), row);
  else addProblem(ctx, row, field, `duplicate id ${JSON.stringify(id)} (first seen on row ${first})`);
}

export function parseDate(raw: unknown): Date | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  if (raw === '') return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

function readNumber(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') {
    const n = Number(raw.trim());
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function readOptionalString(raw: unknown): string | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw;
}

/** JSON value or its JSON text (CSV cells); `undefined` means "not valid", with a problem added. */
function readJsonCell(ctx: TMapContext, row: number, field: string, raw: unknown): unknown {
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

function readStringList(raw: unknown): string[] | null {
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

/** Quorum's own export shape: `[{annotator, labels, created_at, lead_time_ms}]`. */
function readQuorumAnnotations(ctx: TMapContext, row: number, field: string, raw: unknown): TImportAnnotation[] {
  const value = readJsonCell(ctx, row, field, raw);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    addProblem(ctx, row, field, `wrong type: ${field} must be a JSON array, got ${describeType(value)}`);
    return [];
  }
  const annotations: TImportAnnotation[] = [];
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    const where = `${field}: annotation ${i + 1}`;
    if (!isPlainRecord(entry)) {
      addProblem(ctx, row, field, `${where} must be an object, got ${describeType(entry)}`);
      continue;
    }
    const annotator = readOptionalString(getOwn(entry, 'annotator'));
    const labels = readStringList(getOwn(entry, 'labels') ?? getOwn(entry, 'label'));
    const leadTimeMs = readNumber(getOwn(entry, 'lead_time_ms'));
    if (annotator === null) addProblem(ctx, row, field, `${where} has no annotator`);
    if (labels === null) addProblem(ctx, row, field, `${where}: labels must be a list of strings`);
    if (leadTimeMs === undefined) addProblem(ctx, row, field, `${where}: lead_time_ms must be a number`);
    if (annotator === null || labels === null || leadTimeMs === undefined || labels.length === 0) continue;
    const resolved = resolveLabels(ctx, row, field, labels);
    if (resolved) annotations.push({ annotator, labels: resolved, createdAt: parseDate(getOwn(entry, 'created_at')), leadTimeMs });
  }
  return annotations;
}

function readLeadTimeMs(seconds: unknown): number | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

/** Label Studio's `completed_by`: a user id in current exports, a user object in old ones, our annotator name in ours. */
export function describeCompletedBy(raw: unknown): string {
  if (typeof raw === 'string' && raw.trim() !== '') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (isPlainRecord(raw)) {
    for (const key of ['email', 'username']) {
      const value = getOwn(raw, key);
      if (typeof value === 'string' && value !== '') return value;
    }
    const id = getOwn(raw, 'id');
    if (typeof id === 'number' || typeof id === 'string') return String(id);
  }
  return 'unknown';
}

/** Every `choices` value in a Label Studio result list, optionally of one control only. */
export function extractChoices(result: unknown, fromName: string | null | undefined): string[] {
  if (!Array.isArray(result)) return [];
  const out: string[] = [];
  for (const entry of result) {
    if (!isPlainRecord(entry)) continue;
    if (fromName && getOwn(entry, 'from_name') !== fromName) continue;
    const value = getOwn(entry, 'value');
    if (!isPlainRecord(value)) continue;
    const type = getOwn(entry, 'type');
    const choices = getOwn(value, 'choices');
    if ((type !== undefined && type !== 'choices') || !Array.isArray(choices)) continue;
    for (const choice of choices) {
      const label = typeof choice === 'string' ? choice.trim() : typeof choice === 'number' ? String(choice) : '';
      if (label !== '' && !out.includes(label)) out.push(label);
    }
  }
  return out;
}

function copyMetadata(ctx: TMapContext, row: number, record: Record<string, unknown>): Record<string, unknown> {
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
  return metadata;
}

function mapFlatRecord(ctx: TMapContext, row: number, record: Record<string, unknown>): void | TImportRow {
  const { mapping } = ctx;
  const text = readText(ctx, row, record, mapping.textField);
  const goldLabel = mapping.labelField ? readLabel(ctx, row, mapping.labelField, getOwn(record, mapping.labelField), 'label') : null;
  const externalId = mapping.idField ? readId(ctx, row, mapping.idField, getOwn(record, mapping.idField)) : null;
  let annotations: TImportAnnotation[] = [];
  if (mapping.annotationsField) {
    annotations = readQuorumAnnotations(ctx, row, mapping.annotationsField, getOwn(record, mapping.annotationsField));
  } else if (ctx.format === 'label-studio-min' && mapping.fromName) {
    const labels = readLabelStudioMinChoices(getOwn(record, mapping.fromName));
    if (labels === null) addProblem(ctx, row, mapping.fromName, 'wrong type: choices must be a string, a list of strings or {"choices": [...]}');
    else if (labels.length > 0) {
      const resolved = resolveLabels(ctx, row, mapping.fromName, labels);
      if (resolved) {
        annotations.push({
          annotator: describeCompletedBy(getOwn(record, 'annotator')),
          labels: resolved,
          createdAt: parseDate(getOwn(record, 'created_at')),
          leadTimeMs: readLeadTimeMs(getOwn(record, 'lead_time')),
        });
      }
    }
  }
  const predictions: TImportPrediction[] = [];
  if (mapping.predictionLabelField) {
    const field = mapping.predictionLabelField;
    const label = readLabel(ctx, row, field, getOwn(record, field), 'prediction label');
    const score = mapping.predictionScoreField ? readNumber(getOwn(record, mapping.predictionScoreField)) : null;
    if (score === undefined) addProblem(ctx, row, mapping.predictionScoreField ?? field, 'wrong type: prediction score must be a number');
    const modelVersion = mapping.modelVersionField ? readOptionalString(getOwn(record, mapping.modelVersionField)) : null;
    if (label !== null && score !== undefined) predictions.push({ modelVersion, labels: [label], score });
  }
  const metadata = copyMetadata(ctx, row, record);
  if (externalId !== null) checkDuplicateId(ctx, row, mapping.idField!, externalId);
  if (text === null || ctx.pending.length > 0) return;
  return { row, externalId, text, goldLabel, metadata, annotations, predictions, contentHash: hashContent(text) };
}

function readLabelStudioMinChoices(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return [];
  if (isPlainRecord(raw)) return readStringList(getOwn(raw, 'choices'));
  return readStringList(raw);
}

function mapLabelStudioTask(ctx: TMapContext, row: number, task: Record<string, unknown>): void | TImportRow {
  const { mapping } = ctx;
  const data = getOwn(task, 'data');
  if (!isPlainRecord(data)) {
    addProblem(ctx, row, 'data', `a Label Studio task needs a "data" object, got ${describeType(data)}`);
    return;
  }
  const text = readText(ctx, row, data, mapping.textField);
  let goldLabel = mapping.labelField ? readLabel(ctx, row, mapping.labelField, getOwn(data, mapping.labelField), 'label') : null;
  const externalId = mapping.idField ? readId(ctx, row, mapping.idField, getOwn(data, mapping.idField)) : null;

  const annotations: TImportAnnotation[] = [];
  let groundTruth: string | null = null;
  const rawAnnotations = getOwn(task, 'annotations') ?? getOwn(task, 'completions');
  if (rawAnnotations !== undefined && rawAnnotations !== null && !Array.isArray(rawAnnotations)) {
    addProblem(ctx, row, 'annotations', `wrong type: annotations must be an array, got ${describeType(rawAnnotations)}`);
  } else if (rawAnnotations) {
    for (const annotation of rawAnnotations) {
      if (!isPlainRecord(annotation) || getOwn(annotation, 'was_cancelled') === true) continue;
      const choices = extractChoices(getOwn(annotation, 'result'), mapping.fromName);
      if (choices.length === 0) continue;
      const labels = resolveLabels(ctx, row, 'annotations', choices);
      if (!labels) continue;
      if (getOwn(annotation, 'ground_truth') === true && labels.length === 1) groundTruth ??= labels[0]!;
      annotations.push({
        annotator: describeCompletedBy(getOwn(annotation, 'completed_by')),
        labels,
        createdAt: parseDate(getOwn(annotation, 'created_at')),
        leadTimeMs: readLeadTimeMs(getOwn(annotation, 'lead_time')),
      });
    }
  }
  // Label Studio's own notion of gold: a ground-truth annotation, when no column says otherwise.
  if (!mapping.labelField) goldLabel = groundTruth;

  const predictions: TImportPrediction[] = [];
  const rawPredictions = getOwn(task, 'predictions');
  if (rawPredictions !== undefined && rawPredictions !== null && !Array.isArray(rawPredictions)) {
    addProblem(ctx, row, 'predictions', `wrong type: predictions must be an array, got ${describeType(rawPredictions)}`);
  } else if (rawPredictions) {
    for (const prediction of rawPredictions) {
      if (!isPlainRecord(prediction)) continue;
      const choices = extractChoices(getOwn(prediction, 'result'), mapping.fromName);
      if (choices.length === 0) continue;
      const labels = resolveLabels(ctx, row, 'predictions', choices);
      if (!labels) continue;
      const score = readNumber(getOwn(prediction, 'score'));
      predictions.push({ modelVersion: readOptionalString(getOwn(prediction, 'model_version')), labels, score: score ?? null });
    }
  }
  const metadata = copyMetadata(ctx, row, data);
  if (externalId !== null) checkDuplicateId(ctx, row, mapping.idField!, externalId);
  if (text === null || ctx.pending.length > 0) return;
  return { row, externalId, text, goldLabel, metadata, annotations, predictions, contentHash: hashContent(text) };
}

/** Maps one record; returns the row, or the problems that keep it out. */
export function mapRecord(ctx: TMapContext, record: TRawRecord): TImportRow | TImportProblem[] {
  if (record.problem) return [record.problem];
  const { row } = record;
  let value = record.value;
  if (ctx.format !== 'csv' && ctx.format !== 'tsv') {
    if (!isPlainRecord(value)) {
      return [{ row, field: null, reason: `wrong type: each row must be a JSON object, got ${describeType(value)}` }];
    }
    try {
      value = sanitizeJson(value, ctx.maxDepth);
    } catch (error) {
      if (error instanceof UnsafeJsonError) return [{ row, field: error.field, reason: error.reason }];
      throw error;
    }
  }
  const fields = value as Record<string, unknown>;
  const mapped = ctx.format === 'label-studio' ? mapLabelStudioTask(ctx, row, fields) : mapFlatRecord(ctx, row, fields);
  if (mapped && ctx.pending.length === 0) return mapped;
  const problems = ctx.pending;
  ctx.pending = [];
  return problems;
}

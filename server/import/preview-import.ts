import { createDecodeState, decodeText } from './decode-text';
import { detectFormat } from './detect-format';
import { createRecordParser, getMaxRowBytes, peekHead } from './import-stream';
import { extractChoices } from './label-studio-fields';
import { SPACY_QUORUM_KEY } from './mapped-fields';
import { createReadResult } from './records';
import { getOwn, isPlainRecord, sanitizeJson, UnsafeJsonError } from './sanitize-json';
import { DEFAULT_MAX_DEPTH, type TByteSource, type TImportFormat, type TImportMapping, type TImportProblem } from './types';

export type TImportPreview = {
  format: TImportFormat;
  /** Columns, or for JSON the keys of the previewed rows in first-seen order (Label Studio: keys of `data`). */
  fields: string[];
  /** Raw rows as the file has them (Label Studio: each task's `data`). */
  rows: Record<string, unknown>[];
  /** Each previewed row's number, as problems, the rejected-rows file and the CLI give it (data row 1 follows the header). */
  rowNumbers: number[];
  suggestedMapping: TImportMapping;
  /** Problems met in the previewed part of the file. */
  problems: TImportProblem[];
};

const TEXT_NAMES = ['text', 'content', 'body', 'message', 'sentence', 'review', 'comment', 'document', 'tweet', 'email', 'title'];
const LABEL_NAMES = ['gold_label', 'label', 'gold', 'class', 'category', 'target', 'sentiment', 'labels', 'y'];
const ID_NAMES = ['external_id', 'id', 'uuid', 'doc_id', 'document_id', '_id', 'key', 'guid'];
const LABEL_STUDIO_MIN_FIELDS = new Set(['annotator', 'annotation_id', 'created_at', 'updated_at', 'lead_time', 'id']);
/** Columns only Quorum's exporter writes together. */
const QUORUM_EXPORT_SIGNATURE = ['item_id', 'final_label_source'];

function findField(fields: string[], names: string[], exclude: Set<string> = new Set()): string | null {
  for (const name of names) {
    const match = fields.find((f) => f.toLowerCase() === name && !exclude.has(f));
    if (match) return match;
  }
  return null;
}

function guessTextField(fields: string[], rows: Record<string, unknown>[], exclude: Set<string>): string {
  const named = findField(fields, TEXT_NAMES, exclude);
  if (named) return named;
  let best = fields.find((f) => !exclude.has(f)) ?? fields[0] ?? 'text';
  let bestLength = -1;
  for (const field of fields) {
    if (exclude.has(field)) continue;
    let total = 0;
    for (const row of rows) {
      const value = getOwn(row, field);
      if (typeof value === 'string') total += value.length;
    }
    if (total > bestLength) {
      best = field;
      bestLength = total;
    }
  }
  return best;
}

function guessLabelStudioMinChoiceField(fields: string[], rows: Record<string, unknown>[], exclude: Set<string>): string | null {
  for (const field of fields) {
    if (exclude.has(field)) continue;
    if (rows.some((row) => isPlainRecord(getOwn(row, field)) && Array.isArray(getOwn(getOwn(row, field) as Record<string, unknown>, 'choices')))) {
      return field;
    }
  }
  return findField(fields, LABEL_NAMES, exclude);
}

/** A starting point for the upload form; the user confirms or changes it. */
export function suggestMapping(input: { format: TImportFormat; fields: string[]; rows: Record<string, unknown>[]; fromNames?: string[] }): TImportMapping {
  const { format, fields, rows } = input;
  if (format !== 'label-studio' && QUORUM_EXPORT_SIGNATURE.every((f) => fields.includes(f))) {
    const has = (f: string) => (fields.includes(f) ? f : null);
    return {
      textField: 'text',
      idField: has('id'),
      labelField: has('gold_label'),
      annotationsField: has('annotations'),
      predictionLabelField: has('prediction_label'),
      predictionScoreField: has('prediction_score'),
      modelVersionField: has('model_version'),
      metadataField: has('metadata'),
      finalLabelField: has('final_label') && has('final_label_source') ? 'final_label' : null,
      finalLabelSourceField: has('final_label') && has('final_label_source') ? 'final_label_source' : null,
      ignoreFields: ['item_id'].filter((f) => fields.includes(f)),
    };
  }
  if (format === 'spacy') {
    // A line Quorum exported reads its answers from `_quorum` and `spans` by itself; other files give gold spans.
    const isQuorumExport = rows.some((row) => isPlainRecord(getOwn(row, SPACY_QUORUM_KEY)));
    const idField = isQuorumExport ? null : findField(fields, ID_NAMES);
    const metadataField = fields.includes('meta') ? 'meta' : null;
    return { textField: 'text', labelField: isQuorumExport || !fields.includes('spans') ? null : 'spans', idField, metadataField };
  }
  if (format === 'label-studio-min') {
    const idField = findField(fields, ['id']);
    const textField = guessTextField(fields, rows, LABEL_STUDIO_MIN_FIELDS);
    const fromName = guessLabelStudioMinChoiceField(fields, rows, new Set([...LABEL_STUDIO_MIN_FIELDS, textField]));
    return { textField, idField, labelField: null, fromName };
  }
  const idField = findField(fields, ID_NAMES);
  const labelField = findField(fields, LABEL_NAMES, new Set(idField ? [idField] : []));
  const exclude = new Set([idField, labelField].filter((f): f is string => f !== null));
  const textField = guessTextField(fields, rows, exclude);
  const mapping: TImportMapping = { textField, labelField, idField };
  if (format === 'label-studio') mapping.fromName = input.fromNames?.[0] ?? null;
  return mapping;
}

/** A Label Studio result entry of a `<Labels>` control (a region with labels). */
function isLabelsResult(item: Record<string, unknown>): boolean {
  const value = getOwn(item, 'value');
  return getOwn(item, 'type') === 'labels' || (isPlainRecord(value) && Array.isArray(getOwn(value, 'labels')));
}

/** The controls whose results the project reads: `<Labels>` in a spans project, `<Choices>` otherwise. */
function collectFromNames(task: Record<string, unknown>, into: string[], isSpans: boolean): void {
  for (const key of ['annotations', 'predictions']) {
    const list = getOwn(task, key);
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isPlainRecord(entry)) continue;
      const result = getOwn(entry, 'result');
      if (!Array.isArray(result)) continue;
      for (const item of result) {
        if (!isPlainRecord(item)) continue;
        const name = getOwn(item, 'from_name');
        const isRead = isSpans ? isLabelsResult(item) : extractChoices([item], null).length > 0;
        if (typeof name === 'string' && !into.includes(name) && isRead) into.push(name);
      }
    }
  }
}

/** Reads just enough of an upload to show its first rows and propose a mapping; nothing is written. `isSpans`: the project labels spans (spaCy files are recognised). */
export async function previewImport(
  source: TByteSource,
  options: { format?: TImportFormat; fileName?: string; limit?: number; maxRowBytes?: number; isSpans?: boolean } = {},
): Promise<TImportPreview> {
  const limit = options.limit ?? 20;
  const head = await peekHead(source);
  const format = options.format ?? detectFormat({ fileName: options.fileName, head: head.text, isSpans: options.isSpans });
  const decode = createDecodeState();
  const parser = createRecordParser(format, head.text, { maxRowBytes: getMaxRowBytes(options), decode });
  const fields: string[] = [];
  const seen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  const problems: TImportProblem[] = [];
  const fromNames: string[] = [];
  let header: string[] | null = null;

  const addFields = (keys: string[]) => {
    for (const key of keys) {
      if (!seen.has(key)) {
        seen.add(key);
        fields.push(key);
      }
    }
  };
  const take = (out: ReturnType<typeof createReadResult>): boolean => {
    if (out.header && !header) {
      header = out.header;
      addFields(header);
    }
    problems.push(...out.problems);
    for (const record of out.records) {
      if (rows.length >= limit) return false;
      if (record.problem) {
        problems.push(record.problem);
        continue;
      }
      let value: unknown = record.value;
      try {
        value = sanitizeJson(value, DEFAULT_MAX_DEPTH);
      } catch (error) {
        if (!(error instanceof UnsafeJsonError)) throw error;
        problems.push({ row: record.row, field: error.field, reason: error.reason });
        continue;
      }
      if (!isPlainRecord(value)) {
        problems.push({ row: record.row, field: null, reason: 'each row must be a JSON object' });
        continue;
      }
      let shown = value;
      if (format === 'label-studio') {
        const data = getOwn(value, 'data');
        if (!isPlainRecord(data)) continue;
        collectFromNames(value, fromNames, options.isSpans ?? false);
        shown = data;
      }
      rows.push(shown);
      rowNumbers.push(record.row);
      if (!header) addFields(Object.keys(shown));
    }
    return !out.isFatal && rows.length < limit;
  };

  let isOpen = true;
  for await (const text of decodeText(head.chunks, decode)) {
    const out = createReadResult();
    parser.push(text, out);
    if (!take(out)) {
      isOpen = false;
      break;
    }
  }
  if (isOpen) {
    const out = createReadResult();
    parser.end(out);
    take(out);
  }
  return { format, fields, rows, rowNumbers, suggestedMapping: suggestMapping({ format, fields, rows, fromNames }), problems };
}

import { createOffsetConverter, type TOffsetConverter } from '@/ml/spans/convert-code-point-offsets';
import { readAnnotatorIdentity } from './annotator-identity';
import { hashContent } from './content-hash';
import { addProblem, checkDuplicateId, copyMetadata, describeType, parseDate, readId, readNumber, readOptionalString, readText, type TMapContext } from './map-context';
import { SPACY_QUORUM_KEY } from './mapped-fields';
import { IMPORT_FINAL_SOURCES } from './read-final-label';
import { checkNamedSpans } from './read-span-answer';
import { readSpacySpans } from './read-spacy-jsonl';
import { getOwn, isPlainRecord } from './sanitize-json';
import type { TImportAnnotation, TImportFinalLabel, TImportPrediction, TImportRow, TImportSpans } from './types';

type TSpanReader = (raw: unknown, field: string, what: string) => TImportSpans | null;

/** Code point spans of this row's text, converted to UTF-16 and checked against it; null when absent or refused. */
function createSpanReader(ctx: TMapContext, row: number, text: string | null): TSpanReader {
  let converter: TOffsetConverter | null = null;
  return (raw, field, what) => {
    if (text === null || raw === undefined || raw === null) return null;
    converter ??= createOffsetConverter(text);
    const read = readSpacySpans(raw, text, converter);
    for (const problem of read.problems) addProblem(ctx, row, field, problem.index < 0 ? `${what}: ${problem.reason}` : `${what}, span ${problem.index + 1}: ${problem.reason}`);
    return read.problems.length > 0 ? null : checkNamedSpans(ctx, row, field, text, read.spans, what, read.fileOffsets);
  };
}

/**
 * A spaCy / Prodigy-style JSON Lines record, `{"text", "spans": [{"start", "end", "label"}], "meta": {…}}`
 * with offsets in code points, into a spans project. The mapping's `labelField` (usually `spans`)
 * names the spans read as the item's gold answer, `idField` the external id, `metadataField` (usually
 * `meta`) an object spread into metadata; other keys land in metadata too.
 *
 * A line Quorum exported (it has `_quorum.item_id`) reads back whole instead: `spans` is the item's
 * final answer, decided as `_quorum.final_label_source` says (none: the item had no final answer),
 * and `_quorum` carries the external id, the gold spans, every annotation (annotator, spans, time)
 * and the latest prediction, all in code points like the rest of the file.
 */
export function mapSpacyRecord(ctx: TMapContext, row: number, record: Record<string, unknown>): void | TImportRow {
  const { mapping } = ctx;
  if (!ctx.spans) {
    addProblem(ctx, row, null, 'a spaCy JSONL file carries spans, and this project does not label spans');
    return;
  }
  const text = readText(ctx, row, record, mapping.textField);
  const readSpans = createSpanReader(ctx, row, text);
  const block = getOwn(record, SPACY_QUORUM_KEY);
  const exported = isPlainRecord(block) && getOwn(block, 'item_id') !== undefined ? block : null;
  let externalId: string | null;
  let goldLabel: TImportSpans | null;
  let finalLabel: TImportFinalLabel | null = null;
  let annotations: TImportAnnotation[] = [];
  let predictions: TImportPrediction[] = [];
  if (exported) {
    externalId = readId(ctx, row, `${SPACY_QUORUM_KEY}.external_id`, getOwn(exported, 'external_id'));
    goldLabel = readSpans(getOwn(exported, 'gold_spans'), `${SPACY_QUORUM_KEY}.gold_spans`, 'gold spans');
    finalLabel = readExportedFinal(ctx, row, record, exported, readSpans);
    annotations = readExportedAnnotations(ctx, row, getOwn(exported, 'annotations'), readSpans);
    predictions = readExportedPrediction(ctx, row, getOwn(exported, 'prediction'), readSpans);
  } else {
    externalId = mapping.idField ? readId(ctx, row, mapping.idField, getOwn(record, mapping.idField)) : null;
    goldLabel = mapping.labelField ? readSpans(getOwn(record, mapping.labelField), mapping.labelField, 'gold spans') : null;
  }
  const metadata = copyMetadata(ctx, row, record);
  const idField = exported ? `${SPACY_QUORUM_KEY}.external_id` : mapping.idField!;
  if (externalId !== null) checkDuplicateId(ctx, row, idField, externalId);
  if (text === null || ctx.pending.length > 0) return;
  return { row, externalId, text, goldLabel, metadata, annotations, predictions, finalLabel, contentHash: hashContent(text) };
}

function readExportedFinal(ctx: TMapContext, row: number, record: Record<string, unknown>, exported: Record<string, unknown>, readSpans: TSpanReader): TImportFinalLabel | null {
  const source = getOwn(exported, 'final_label_source');
  if (source === undefined || source === null) return null;
  if (typeof source !== 'string' || !(IMPORT_FINAL_SOURCES as readonly string[]).includes(source)) {
    addProblem(ctx, row, `${SPACY_QUORUM_KEY}.final_label_source`, `final label source must be one of ${IMPORT_FINAL_SOURCES.join(', ')}, got ${JSON.stringify(source)}`);
    return null;
  }
  const raw = getOwn(record, 'spans');
  if (raw === undefined || raw === null) {
    addProblem(ctx, row, 'spans', `the item has a final answer (${source}) but no "spans"`);
    return null;
  }
  const spans = readSpans(raw, 'spans', 'final spans');
  return spans ? { label: spans, source: source as TImportFinalLabel['source'] } : null;
}

function readExportedAnnotations(ctx: TMapContext, row: number, raw: unknown, readSpans: TSpanReader): TImportAnnotation[] {
  const field = `${SPACY_QUORUM_KEY}.annotations`;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    addProblem(ctx, row, field, `wrong type: annotations must be a list, got ${describeType(raw)}`);
    return [];
  }
  const annotations: TImportAnnotation[] = [];
  raw.forEach((entry: unknown, index) => {
    const where = `annotation ${index + 1}`;
    if (!isPlainRecord(entry)) {
      addProblem(ctx, row, field, `${where} must be an object, got ${describeType(entry)}`);
      return;
    }
    const annotator = readAnnotatorIdentity({ name: getOwn(entry, 'annotator'), email: getOwn(entry, 'annotator_email'), id: getOwn(entry, 'annotator_id') });
    const leadTimeMs = readNumber(getOwn(entry, 'lead_time_ms'));
    if (annotator === null) addProblem(ctx, row, field, `${where} has no annotator`);
    if (leadTimeMs === undefined) addProblem(ctx, row, field, `${where}: lead_time_ms must be a number`);
    const rawSpans = getOwn(entry, 'spans');
    if (rawSpans === undefined || rawSpans === null) addProblem(ctx, row, field, `${where} has no spans ([] when nothing was marked)`);
    const spans = readSpans(rawSpans, field, where);
    if (annotator !== null && leadTimeMs !== undefined && spans !== null) annotations.push({ annotator, labels: spans, createdAt: parseDate(getOwn(entry, 'created_at')), leadTimeMs });
  });
  return annotations;
}

function readExportedPrediction(ctx: TMapContext, row: number, raw: unknown, readSpans: TSpanReader): TImportPrediction[] {
  const field = `${SPACY_QUORUM_KEY}.prediction`;
  if (raw === undefined || raw === null) return [];
  if (!isPlainRecord(raw)) {
    addProblem(ctx, row, field, `wrong type: prediction must be an object, got ${describeType(raw)}`);
    return [];
  }
  const spans = readSpans(getOwn(raw, 'spans') ?? [], field, 'prediction');
  const score = readNumber(getOwn(raw, 'score'));
  if (score === undefined) addProblem(ctx, row, field, 'prediction score must be a number');
  if (spans === null || score === undefined) return [];
  return [{ modelVersion: readOptionalString(getOwn(raw, 'model_version')), labels: spans, score }];
}

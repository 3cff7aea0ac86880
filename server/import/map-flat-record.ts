import { hashContent } from './content-hash';
import { readAnnotatorIdentity, readCompletedBy } from './annotator-identity';
import { readLabelStudioMinChoices } from './label-studio-fields';
import {
  addProblem, checkDuplicateId, copyMetadata, describeType, parseDate, readId, readJsonCell, readLeadTimeMs, readNumber,
  readOptionalString, readStringList, readText, resolveLabels, type TMapContext,
} from './map-context';
import { readAnswer, toAnnotationLabels } from './read-answer';
import { readFinalLabel } from './read-final-label';
import { IMAGE_HASH_FIELD } from './mapped-fields';
import { readImageHash } from './read-image-hash';
import { readImageUrl } from './read-image-url';
import { readLabelStudioMinRegions } from './read-label-studio-spans';
import { checkNamedSpans, readSpanAnswer } from './read-span-answer';
import { getOwn, isPlainRecord } from './sanitize-json';
import type { TImportAnnotation, TImportPrediction, TImportRow, TImportSpans } from './types';

/** A spans annotation of Quorum's export: its `spans` list (UTF-16 offsets; `[]` when the annotator marked nothing). */
function readAnnotationSpans(ctx: TMapContext, row: number, field: string, entry: Record<string, unknown>, text: string | null, where: string): TImportSpans | null {
  const raw = getOwn(entry, 'spans');
  if (raw === undefined || raw === null) {
    addProblem(ctx, row, field, `${where} has no spans (a list of {"start", "end", "label"}; [] when nothing was marked)`);
    return null;
  }
  return text === null ? null : readSpanAnswer(ctx, row, field, raw, text, where);
}

/**
 * Quorum's own export shape: `[{annotator, annotator_email, annotator_id, labels, created_at, lead_time_ms}]`,
 * with `spans` instead of `labels` in a spans project.
 */
function readQuorumAnnotations(ctx: TMapContext, row: number, field: string, raw: unknown, text: string | null): TImportAnnotation[] {
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
    const annotator = readAnnotatorIdentity({ name: getOwn(entry, 'annotator'), email: getOwn(entry, 'annotator_email'), id: getOwn(entry, 'annotator_id') });
    const leadTimeMs = readNumber(getOwn(entry, 'lead_time_ms'));
    if (annotator === null) addProblem(ctx, row, field, `${where} has no annotator`);
    if (leadTimeMs === undefined) addProblem(ctx, row, field, `${where}: lead_time_ms must be a number`);
    if (ctx.spans) {
      const spans = readAnnotationSpans(ctx, row, field, entry, text, where);
      if (annotator !== null && spans !== null && leadTimeMs !== undefined) annotations.push({ annotator, labels: spans, createdAt: parseDate(getOwn(entry, 'created_at')), leadTimeMs });
      continue;
    }
    const labels = readStringList(getOwn(entry, 'labels') ?? getOwn(entry, 'label'));
    if (labels === null) addProblem(ctx, row, field, `${where}: labels must be a list of strings`);
    // An empty list is an answer ("none of these") only where answers are sets.
    if (annotator === null || labels === null || leadTimeMs === undefined || (labels.length === 0 && !ctx.isMultiLabel)) continue;
    const resolved = resolveLabels(ctx, row, field, labels);
    if (resolved) annotations.push({ annotator, labels: resolved, createdAt: parseDate(getOwn(entry, 'created_at')), leadTimeMs });
  }
  return annotations;
}

/** A flat record (CSV, TSV, JSON Lines, a JSON array, Label Studio's JSON_MIN): one field per column. */
export function mapFlatRecord(ctx: TMapContext, row: number, record: Record<string, unknown>): void | TImportRow {
  const { mapping } = ctx;
  const text = readText(ctx, row, record, mapping.textField);
  const goldLabel = mapping.labelField ? readAnswer(ctx, row, mapping.labelField, getOwn(record, mapping.labelField), 'label', text) : null;
  const externalId = mapping.idField ? readId(ctx, row, mapping.idField, getOwn(record, mapping.idField)) : null;
  let annotations: TImportAnnotation[] = [];
  if (mapping.annotationsField) {
    annotations = readQuorumAnnotations(ctx, row, mapping.annotationsField, getOwn(record, mapping.annotationsField), text);
  } else if (ctx.format === 'label-studio-min' && mapping.fromName && ctx.spans) {
    const spans = text === null ? null : readLabelStudioMinSpans(ctx, row, mapping.fromName, getOwn(record, mapping.fromName), text);
    if (spans) {
      annotations.push({
        annotator: readCompletedBy(getOwn(record, 'annotator')),
        labels: spans,
        createdAt: parseDate(getOwn(record, 'created_at')),
        leadTimeMs: readLeadTimeMs(getOwn(record, 'lead_time')),
      });
    }
  } else if (ctx.format === 'label-studio-min' && mapping.fromName) {
    const labels = readLabelStudioMinChoices(getOwn(record, mapping.fromName));
    if (labels === null) addProblem(ctx, row, mapping.fromName, 'wrong type: choices must be a string, a list of strings or {"choices": [...]}');
    else if (labels.length > 0) {
      const resolved = resolveLabels(ctx, row, mapping.fromName, labels);
      if (resolved) {
        annotations.push({
          annotator: readCompletedBy(getOwn(record, 'annotator')),
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
    const label = readAnswer(ctx, row, field, getOwn(record, field), 'prediction label', text);
    const score = mapping.predictionScoreField ? readNumber(getOwn(record, mapping.predictionScoreField)) : null;
    if (score === undefined) addProblem(ctx, row, mapping.predictionScoreField ?? field, 'wrong type: prediction score must be a number');
    const modelVersion = mapping.modelVersionField ? readOptionalString(getOwn(record, mapping.modelVersionField)) : null;
    if (label !== null && score !== undefined) predictions.push({ modelVersion, labels: toAnnotationLabels(label), score });
  }
  const finalLabel =
    mapping.finalLabelField && mapping.finalLabelSourceField
      ? readFinalLabel(
          ctx,
          row,
          { label: mapping.finalLabelField, source: mapping.finalLabelSourceField },
          getOwn(record, mapping.finalLabelField),
          getOwn(record, mapping.finalLabelSourceField),
          text,
        )
      : null;
  const imageHash = mapping.imageField ? readImageHash(ctx, row, getOwn(record, IMAGE_HASH_FIELD)) : null;
  const imageUrl = mapping.imageField ? readImageUrl(ctx, row, mapping.imageField, getOwn(record, mapping.imageField), { hasImageHash: imageHash !== null }) : null;
  const metadata = copyMetadata(ctx, row, record);
  if (externalId !== null) checkDuplicateId(ctx, row, mapping.idField!, externalId);
  if (text === null || ctx.pending.length > 0) return;
  return { row, externalId, text, goldLabel, metadata, annotations, predictions, finalLabel, contentHash: hashContent(text), ...(imageUrl ? { imageUrl } : {}), ...(imageHash ? { imageHash } : {}) };
}

/** A JSON_MIN `<Labels>` column: the annotator's regions as spans of the text; null when it holds none. */
function readLabelStudioMinSpans(ctx: TMapContext, row: number, field: string, raw: unknown, text: string): TImportSpans | null {
  const read = readLabelStudioMinRegions(raw, text);
  for (const problem of read.problems) addProblem(ctx, row, field, problem.index < 0 ? problem.reason : `region ${problem.index + 1}: ${problem.reason}`);
  if (read.problems.length > 0 || !read.hasRegions) return null;
  return checkNamedSpans(ctx, row, field, text, read.spans, 'the regions');
}

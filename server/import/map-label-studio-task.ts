import { hashContent } from './content-hash';
import { readCompletedBy } from './annotator-identity';
import { extractChoices, findChoicesResult } from './label-studio-fields';
import {
  addProblem, checkDuplicateId, copyMetadata, describeType, parseDate, readId, readLeadTimeMs, readNumber, readOptionalString,
  readText, resolveLabels, type TMapContext,
} from './map-context';
import { readAnswer } from './read-answer';
import { readFinalLabel } from './read-final-label';
import { IMAGE_HASH_FIELD } from './mapped-fields';
import { readImageHash } from './read-image-hash';
import { readImageUrl } from './read-image-url';
import { readLabelStudioSpans } from './read-label-studio-spans';
import { checkNamedSpans } from './read-span-answer';
import { getOwn, isPlainRecord } from './sanitize-json';
import type { TImportAnnotation, TImportAnswer, TImportPrediction, TImportRow, TImportSpans } from './types';

/**
 * A spans project's answer in a Label Studio result list: its `labels` regions as spans of the text,
 * checked against it. An empty result is the answer "no spans"; a result holding only other controls'
 * entries (choices, another `<Labels>`) is no answer to this one, and null.
 */
function readResultSpans(ctx: TMapContext, row: number, field: 'annotations' | 'predictions', result: unknown, text: string, what: string): TImportSpans | null {
  if (!Array.isArray(result)) {
    addProblem(ctx, row, field, `${what}: result must be a list, got ${describeType(result)}`);
    return null;
  }
  const read = readLabelStudioSpans(result, text, ctx.mapping.fromName);
  if (!read.hasRegions && result.length > 0) return null;
  for (const problem of read.problems) addProblem(ctx, row, field, `${what}, result ${problem.index + 1}: ${problem.reason}`);
  return read.problems.length > 0 ? null : checkNamedSpans(ctx, row, field, text, read.spans, what);
}

/** A Label Studio task (`data`, `annotations`, `predictions`): see shared REFERENCE.md for its shape. */
export function mapLabelStudioTask(ctx: TMapContext, row: number, task: Record<string, unknown>): void | TImportRow {
  const { mapping } = ctx;
  const data = getOwn(task, 'data');
  if (!isPlainRecord(data)) {
    addProblem(ctx, row, 'data', `a Label Studio task needs a "data" object, got ${describeType(data)}`);
    return;
  }
  const text = readText(ctx, row, data, mapping.textField);
  let goldLabel = mapping.labelField ? readAnswer(ctx, row, mapping.labelField, getOwn(data, mapping.labelField), 'label', text) : null;
  const externalId = mapping.idField ? readId(ctx, row, mapping.idField, getOwn(data, mapping.idField)) : null;

  const annotations: TImportAnnotation[] = [];
  let groundTruth: TImportAnswer | null = null;
  const rawAnnotations = getOwn(task, 'annotations') ?? getOwn(task, 'completions');
  if (rawAnnotations !== undefined && rawAnnotations !== null && !Array.isArray(rawAnnotations)) {
    addProblem(ctx, row, 'annotations', `wrong type: annotations must be an array, got ${describeType(rawAnnotations)}`);
  } else if (rawAnnotations) {
    for (const [index, annotation] of rawAnnotations.entries()) {
      if (!isPlainRecord(annotation) || getOwn(annotation, 'was_cancelled') === true) continue;
      const result = getOwn(annotation, 'result');
      if (ctx.spans) {
        const spans = text === null ? null : readResultSpans(ctx, row, 'annotations', result, text, `annotation ${index + 1}`);
        if (!spans) continue;
        if (getOwn(annotation, 'ground_truth') === true) groundTruth ??= spans;
        annotations.push({
          annotator: readCompletedBy(getOwn(annotation, 'completed_by')),
          labels: spans,
          createdAt: parseDate(getOwn(annotation, 'created_at')),
          leadTimeMs: readLeadTimeMs(getOwn(annotation, 'lead_time')),
        });
        continue;
      }
      const choices = extractChoices(result, mapping.fromName);
      // Multi-label: a choices result with nothing chosen is the answer "none of these"; no choices result at all is no answer.
      const isEmptyAnswer = ctx.isMultiLabel && choices.length === 0 && findChoicesResult(result, mapping.fromName);
      if (choices.length === 0 && !isEmptyAnswer) continue;
      const labels = resolveLabels(ctx, row, 'annotations', choices);
      if (!labels) continue;
      if (getOwn(annotation, 'ground_truth') === true) {
        if (ctx.isMultiLabel) groundTruth ??= labels;
        else if (labels.length === 1) groundTruth ??= labels[0]!;
      }
      annotations.push({
        annotator: readCompletedBy(getOwn(annotation, 'completed_by')),
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
    for (const [index, prediction] of rawPredictions.entries()) {
      if (!isPlainRecord(prediction)) continue;
      if (ctx.spans) {
        const spans = text === null ? null : readResultSpans(ctx, row, 'predictions', getOwn(prediction, 'result'), text, `prediction ${index + 1}`);
        const score = readNumber(getOwn(prediction, 'score'));
        if (spans) predictions.push({ modelVersion: readOptionalString(getOwn(prediction, 'model_version')), labels: spans, score: score ?? null });
        continue;
      }
      const choices = extractChoices(getOwn(prediction, 'result'), mapping.fromName);
      if (choices.length === 0) continue;
      const labels = resolveLabels(ctx, row, 'predictions', choices);
      if (!labels) continue;
      const score = readNumber(getOwn(prediction, 'score'));
      predictions.push({ modelVersion: readOptionalString(getOwn(prediction, 'model_version')), labels, score: score ?? null });
    }
  }
  // Quorum's own Label Studio export keeps the final label in the task's `meta`, where Label Studio has room for it.
  const meta = getOwn(task, 'meta');
  const quorumMeta = isPlainRecord(meta) && getOwn(meta, 'quorum_item_id') !== undefined ? meta : null;
  const finalLabel = quorumMeta
    ? readFinalLabel(ctx, row, { label: 'meta.final_label', source: 'meta.final_label_source' }, getOwn(quorumMeta, 'final_label'), getOwn(quorumMeta, 'final_label_source'), text)
    : null;
  const imageHash = mapping.imageField ? readImageHash(ctx, row, getOwn(data, IMAGE_HASH_FIELD)) : null;
  const imageUrl = mapping.imageField ? readImageUrl(ctx, row, mapping.imageField, getOwn(data, mapping.imageField), { hasImageHash: imageHash !== null }) : null;
  const metadata = copyMetadata(ctx, row, data);
  if (externalId !== null) checkDuplicateId(ctx, row, mapping.idField!, externalId);
  if (text === null || ctx.pending.length > 0) return;
  return { row, externalId, text, goldLabel, metadata, annotations, predictions, finalLabel, contentHash: hashContent(text), ...(imageUrl ? { imageUrl } : {}), ...(imageHash ? { imageHash } : {}) };
}

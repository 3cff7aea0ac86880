import { describeType, type TMapContext } from './map-context';
import { mapFlatRecord } from './map-flat-record';
import { mapLabelStudioTask } from './map-label-studio-task';
import { mapSpacyRecord } from './map-spacy-record';
import type { TRawRecord } from './records';
import { isPlainRecord, sanitizeJson, UnsafeJsonError } from './sanitize-json';
import type { TImportProblem, TImportRow } from './types';

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
  const mapped = ctx.format === 'label-studio' ? mapLabelStudioTask(ctx, row, fields) : ctx.format === 'spacy' ? mapSpacyRecord(ctx, row, fields) : mapFlatRecord(ctx, row, fields);
  if (mapped && ctx.pending.length === 0) return mapped;
  const problems = ctx.pending;
  ctx.pending = [];
  return problems;
}

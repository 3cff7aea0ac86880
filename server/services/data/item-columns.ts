import { sql, type SQL } from 'drizzle-orm';
import type { TImportRow } from '@/server/import';
import { isGoldCheck } from '@/server/services/queue/gold-checks';
import { toJsonParam, type TImportAnswers } from './import-answers';

/** The project settings an imported item's columns depend on. */
export type TItemColumnSettings = { evalFraction: number; goldCheckShare: number };

/** Rows as the items columns they become, one array per column in row order (an unnest in the database reads them back as rows). */
export type TItemColumns = {
  externalIds: (string | null)[];
  contentHashes: string[];
  texts: string[];
  mediaHashes: (string | null)[];
  /** jsonb text. */
  metadata: string[];
  goldLabelIds: (number | null)[];
  /** jsonb text. */
  goldValues: (string | null)[];
  priorities: number[];
  evalFlags: boolean[];
  goldCheckFlags: boolean[];
};

/** A deterministic fraction in [0, 1) from a slice of the content hash: seeded order and eval draw. */
function hashFraction(contentHash: string, offset: number): number {
  return Number.parseInt(contentHash.slice(offset, offset + 8), 16) / 2 ** 32;
}

export function toItemColumns(rows: readonly TImportRow[], answers: TImportAnswers, settings: TItemColumnSettings): TItemColumns {
  const columns: TItemColumns = {
    externalIds: [],
    contentHashes: [],
    texts: [],
    mediaHashes: [],
    metadata: [],
    goldLabelIds: [],
    goldValues: [],
    priorities: [],
    evalFlags: [],
    goldCheckFlags: [],
  };
  for (const row of rows) {
    const gold = answers.fromNames(row.goldLabel);
    columns.externalIds.push(row.externalId);
    columns.contentHashes.push(row.contentHash);
    columns.texts.push(row.text);
    columns.mediaHashes.push(row.mediaHash ?? null);
    columns.metadata.push(JSON.stringify(row.metadata));
    columns.goldLabelIds.push(gold?.labelId ?? null);
    columns.goldValues.push(toJsonParam(gold?.value ?? null));
    columns.priorities.push(hashFraction(row.contentHash, 0));
    columns.evalFlags.push(hashFraction(row.contentHash, 8) < settings.evalFraction);
    columns.goldCheckFlags.push(isGoldCheck(row.contentHash, gold !== null, settings.goldCheckShare));
  }
  return columns;
}

/** Rows that need the app to publish them: their annotations, predictions and final labels are checked and written there. */
export function hasRowExtras(row: TImportRow): boolean {
  return row.annotations.length > 0 || row.predictions.length > 0 || Boolean(row.finalLabel);
}

/** The items columns, in TItemColumns' order, after project_id: an insert's or a COPY's column list. */
export const ITEM_COLUMN_LIST = 'external_id, content_hash, text, media_hash, metadata, gold_label_id, gold_value, priority, is_eval, is_gold_check';
export const ITEM_COLUMN_NAMES = sql.raw(ITEM_COLUMN_LIST);

/** The columns as typed array parameters, in the same order: the arguments of an unnest or an insert's values. */
export function itemColumnArrays(columns: TItemColumns): SQL {
  return sql`
    ${sql.param(columns.externalIds)}::text[],
    ${sql.param(columns.contentHashes)}::text[],
    ${sql.param(columns.texts)}::text[],
    ${sql.param(columns.mediaHashes)}::text[],
    ${sql.param(columns.metadata)}::jsonb[],
    ${sql.param(columns.goldLabelIds)}::int[],
    ${sql.param(columns.goldValues)}::jsonb[],
    ${sql.param(columns.priorities)}::real[],
    ${sql.param(columns.evalFlags)}::bool[],
    ${sql.param(columns.goldCheckFlags)}::bool[]`;
}

import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { pickConsensusCategory, type TDawidSkeneResult } from '@/ml/agreement';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import type { TProjectRatings } from './ratings';
import { LOW_CONFIDENCE_POSTERIOR, type TConsensusSummary } from './quality-types';

/** Consensus of every annotated item: a label code per item (-1: every annotation of it was rejected) and its posterior. */
export type TItemConsensusTable = {
  label: Int32Array;
  /** items × categories, row-major. */
  posteriors: Float64Array;
  /** Annotations that count (not rejected) per item. */
  ratings: Int32Array;
};

/** A Dawid–Skene fit in logs, ready to score any set of ratings. */
export type TFittedModel = { k: number; priors: Float64Array; logPriors: Float64Array; logConfusion: Float64Array };

export function createFittedModel(fit: TDawidSkeneResult): TFittedModel {
  const k = fit.categories.length;
  const priors = Float64Array.from(fit.classPriors);
  const logConfusion = new Float64Array(fit.annotatorQuality.length * k * k);
  fit.annotatorQuality.forEach((quality, a) => {
    quality.confusion.forEach((row, c) => row.forEach((p, l) => (logConfusion[(a * k + c) * k + l] = Math.log(p))));
  });
  return { k, priors, logPriors: priors.map(Math.log), logConfusion };
}

/**
 * Writes P(true class | the ratings in slots start..end of `index`, except those `skip` rejects)
 * into target[offset .. offset + k); returns how many ratings were used.
 */
export function scoreRatings(
  model: TFittedModel,
  ratings: Pick<TProjectRatings['index'], 'ratingAnnotator' | 'ratingLabel'>,
  start: number,
  end: number,
  skip: (slot: number) => boolean,
  target: Float64Array,
  offset: number,
): number {
  const { k, logPriors, logConfusion } = model;
  for (let c = 0; c < k; c++) target[offset + c] = logPriors[c]!;
  let used = 0;
  for (let s = start; s < end; s++) {
    if (skip(s)) continue;
    used++;
    const base = ratings.ratingAnnotator[s]! * k * k + ratings.ratingLabel[s]!;
    for (let c = 0; c < k; c++) target[offset + c]! += logConfusion[base + c * k]!;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, target[offset + c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    target[offset + c] = Math.exp(target[offset + c]! - max);
    sum += target[offset + c]!;
  }
  for (let c = 0; c < k; c++) target[offset + c]! /= sum;
  return used;
}

/**
 * Each item's Dawid–Skene posterior from one fit over the whole project. Items without rejected
 * annotations take the fit's posterior of their pattern; an item with rejected annotations is
 * re-scored from its remaining ones with the fitted priors and confusion matrices (a reviewer has
 * said the rejected labels are wrong, so they must not vote, though they did teach the fit how
 * that annotator errs).
 */
export function computeItemConsensus(ratings: TProjectRatings, fit: TDawidSkeneResult, patternOf: Int32Array): TItemConsensusTable {
  const { index, ratingRejected } = ratings;
  const model = createFittedModel(fit);
  const k = model.k;
  const itemCount = index.items.length;
  const isRejected = (slot: number) => ratingRejected[slot] === 1;
  const label = new Int32Array(itemCount).fill(-1);
  const posteriors = new Float64Array(itemCount * k);
  const counted = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) {
    const start = index.itemStart[i]!;
    const end = index.itemStart[i + 1]!;
    let rejected = 0;
    for (let s = start; s < end; s++) rejected += ratingRejected[s]!;
    counted[i] = end - start - rejected;
    if (counted[i] === 0) continue;
    const offset = i * k;
    if (rejected === 0) {
      const p = patternOf[i]!;
      for (let c = 0; c < k; c++) posteriors[offset + c] = fit.posteriors[p * k + c]!;
    } else {
      scoreRatings(model, index, start, end, isRejected, posteriors, offset);
    }
    label[i] = pickConsensusCategory(posteriors, offset, k, model.priors);
  }
  return { label, posteriors, ratings: counted };
}

/** Statuses in which the annotators are done with an item; an open item is still collecting labels. */
const DECIDABLE_STATUSES = ['labeled', 'in_review'] as const;
/** A posterior that moved less than this is not rewritten. */
const POSTERIOR_TOLERANCE = 0.001;
const READ_BATCH = 50_000;
const WRITE_BATCH = 2_000;

/**
 * Stores the consensus: every annotated item's posterior in item_consensus, and the consensus
 * label as the final label (final_source 'consensus') of items that no reviewer decided, whose
 * annotators are done (status labeled or in_review) and that have two or more annotations that
 * count. A single annotation stays 'single' and gold stays 'gold'. Only what changed is written.
 *
 * Each write re-checks its conditions in the UPDATE itself (status, source, annotation count, the
 * final label we read), so a review decision or a new annotation that lands meanwhile wins; the
 * next refresh picks the item up again.
 */
export async function applyConsensus(db: Database, ratings: TProjectRatings, table: TItemConsensusTable): Promise<TConsensusSummary> {
  const { projectId, itemIds, labels } = ratings;
  const k = labels.length;
  const posteriorOf = (i: number) => table.posteriors[i * k + table.label[i]!]!;

  // 1. Posteriors: merge the stored rows (by item id) with the computed ones. Item indexes, not row
  // objects, are collected: on a first run that is every item of the project.
  const upserts: number[] = [];
  const staleItemIds: number[] = [];
  let cursor = 0;
  const seen = new Uint8Array(itemIds.length);
  await scanByItemId<{ item_id: number | string; label_id: number; posterior: number; ratings: number }>(
    db,
    (after) => sql`select item_id, label_id, posterior, ratings from item_consensus where project_id = ${projectId} and item_id > ${after} order by item_id limit ${READ_BATCH}`,
    (row) => {
      const itemId = Number(row.item_id);
      while (cursor < itemIds.length && itemIds[cursor]! < itemId) cursor++;
      const i = cursor < itemIds.length && itemIds[cursor] === itemId ? cursor : -1;
      if (i < 0 || table.label[i]! < 0) {
        staleItemIds.push(itemId);
        return;
      }
      seen[i] = 1;
      const isSame =
        labels[table.label[i]!]!.id === Number(row.label_id) &&
        Math.abs(posteriorOf(i) - Number(row.posterior)) < POSTERIOR_TOLERANCE &&
        table.ratings[i] === Number(row.ratings);
      if (!isSame) upserts.push(i);
    },
  );
  for (let i = 0; i < itemIds.length; i++) if (!seen[i] && table.label[i]! >= 0) upserts.push(i);
  for (let start = 0; start < upserts.length; start += WRITE_BATCH) {
    const rows = JSON.stringify(upserts.slice(start, start + WRITE_BATCH).map((i) => describeConsensusRow(ratings, table, i)));
    await db.execute(sql`
      insert into item_consensus (item_id, project_id, label_id, posterior, posteriors, ratings, updated_at)
      select v.item_id, ${projectId}, v.label_id, v.posterior, v.posteriors, v.ratings, now()
      from jsonb_to_recordset(${rows}::jsonb) as v(item_id bigint, label_id int, posterior real, posteriors jsonb, ratings int)
      on conflict (item_id) do update set label_id = excluded.label_id, posterior = excluded.posterior,
        posteriors = excluded.posteriors, ratings = excluded.ratings, updated_at = now()`);
  }
  for (let start = 0; start < staleItemIds.length; start += WRITE_BATCH) {
    const ids = JSON.stringify(staleItemIds.slice(start, start + WRITE_BATCH));
    await db.execute(sql`delete from item_consensus where project_id = ${projectId} and item_id in (select value::bigint from jsonb_array_elements_text(${ids}::jsonb))`);
  }

  // 2. Final labels of the items the consensus decides.
  const changes: { item: number; oldLabelId: number | null }[] = [];
  let itemsLabeled = 0;
  cursor = 0;
  await scanByItemId<{ item_id: number | string; status: string; final_label_id: number | null; final_source: string | null; annotation_count: number }>(
    db,
    (after) => sql`
      select id as item_id, status, final_label_id, final_source, annotation_count from items
      where project_id = ${projectId} and id > ${after} and annotation_count >= 2
      order by id limit ${READ_BATCH}`,
    (row) => {
      const itemId = Number(row.item_id);
      while (cursor < itemIds.length && itemIds[cursor]! < itemId) cursor++;
      if (cursor >= itemIds.length || itemIds[cursor] !== itemId) return;
      const i = cursor;
      const isDecidable = (DECIDABLE_STATUSES as readonly string[]).includes(row.status) && (row.final_source === null || row.final_source === 'consensus');
      if (!isDecidable || table.label[i]! < 0 || table.ratings[i]! < 2 || Number(row.annotation_count) !== table.ratings[i]) return;
      itemsLabeled++;
      const labelId = labels[table.label[i]!]!.id;
      const current = row.final_label_id === null ? null : Number(row.final_label_id);
      if (current !== labelId || row.final_source !== 'consensus') changes.push({ item: i, oldLabelId: current });
    },
  );
  let itemsChanged = 0;
  for (let start = 0; start < changes.length; start += WRITE_BATCH) {
    const batch = changes.slice(start, start + WRITE_BATCH).map(({ item, oldLabelId }) => ({
      item_id: itemIds[item]!,
      label_id: labels[table.label[item]!]!.id,
      old_label_id: oldLabelId,
      ratings: table.ratings[item]!,
    }));
    itemsChanged += await db.transaction(async (tx) => {
      const updated = await tx.execute<{ id: number | string; old_label_id: number | null; label_id: number }>(sql`
        update items i set final_label_id = v.label_id, final_source = 'consensus', updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v(item_id bigint, label_id int, old_label_id int, ratings int)
        where i.id = v.item_id and i.project_id = ${projectId}
          and i.status in ('labeled', 'in_review')
          and (i.final_source is null or i.final_source = 'consensus')
          and i.annotation_count = v.ratings
          and i.final_label_id is not distinct from v.old_label_id
        returning i.id, v.old_label_id, v.label_id`);
      if (updated.rows.length > 0) {
        // One event per batch keeps every automatic change traceable without an event per item.
        await recordAuditEvent(tx, {
          actor: null,
          projectId,
          action: 'consensus.apply',
          subjectType: 'project',
          subjectId: projectId,
          after: { method: 'dawid_skene', items: updated.rows.map((row) => ({ itemId: Number(row.id), from: row.old_label_id, to: Number(row.label_id) })) },
        });
      }
      return updated.rows.length;
    });
  }

  let itemsRated = 0;
  let lowConfidence = 0;
  for (let i = 0; i < itemIds.length; i++) {
    if (table.label[i]! < 0) continue;
    itemsRated++;
    if (posteriorOf(i) < LOW_CONFIDENCE_POSTERIOR) lowConfidence++;
  }
  return { itemsRated, itemsLabeled, itemsChanged, lowConfidence };
}

function describeConsensusRow(ratings: TProjectRatings, table: TItemConsensusTable, i: number) {
  const k = ratings.labels.length;
  const posteriors: Record<string, number> = {};
  for (let c = 0; c < k; c++) {
    const p = table.posteriors[i * k + c]!;
    if (p >= 0.001) posteriors[ratings.labels[c]!.id] = Math.round(p * 1e4) / 1e4;
  }
  return {
    item_id: ratings.itemIds[i]!,
    label_id: ratings.labels[table.label[i]!]!.id,
    posterior: table.posteriors[i * k + table.label[i]!]!,
    posteriors,
    ratings: table.ratings[i]!,
  };
}

/** Walks rows ordered by item id in keyset batches; `build(after)` returns the batch query for ids above `after`. */
async function scanByItemId<TRow extends Record<string, unknown> & { item_id: number | string }>(
  db: Database,
  build: (after: number) => SQL,
  visit: (row: TRow) => void,
): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await db.execute<TRow>(build(after));
    for (const row of rows) visit(row as TRow);
    const last = rows[rows.length - 1] as TRow | undefined;
    if (!last || rows.length < READ_BATCH) return;
    after = Number(last.item_id);
  }
}

import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projectLabels, users } from '@/db/schema';
import { indexRatingCodes, type TRatingIndex } from '@/ml/agreement';

export type TRatingLabel = { id: number; category: string; name: string; color: string; isArchived: boolean };
export type TRatingAnnotator = { userId: string; annotator: string };

/**
 * Every annotation of a project as the agreement code wants it: one index over all of them, plus
 * per-rating columns the report needs besides who said what. Ratings are ordered by item id, then
 * annotator id, so rating slot s of the index is the s-th annotation in that order.
 *
 * All annotations count, rejected ones included: a rejection is a reviewer's verdict on a label,
 * and dropping the labels reviewers found wrong would make annotators look more reliable than they
 * are. The consensus step leaves rejected labels out of each item's own posterior.
 */
export type TProjectRatings = {
  projectId: number;
  /** Categories of the index, in this order: active labels by position, then archived labels. */
  labels: TRatingLabel[];
  annotators: TRatingAnnotator[];
  index: TRatingIndex;
  /** Database id of index item i. */
  itemIds: Float64Array;
  /** Category code of item i's gold label, or -1. */
  itemGold: Int32Array;
  ratingRejected: Uint8Array;
  /** Lead time in ms, or -1 when the client sent none. */
  ratingLeadTimeMs: Int32Array;
  /** UTC day of the annotation (days since 1970-01-01). */
  ratingDay: Int32Array;
  /** Highest annotation id read. */
  watermark: number;
};

const BATCH_SIZE = 100_000;

type TAnnotationRow = {
  item_id: number | string;
  annotator_id: string;
  label_id: number | null;
  is_rejected: boolean;
  lead_time_ms: number | null;
  day: number;
  id: number | string;
};

/**
 * Reads a project's annotations in keyset-paginated batches along the (item_id, annotator_id)
 * index, so memory holds typed columns rather than millions of row objects.
 */
export async function loadProjectRatings(db: Database, projectId: number, { maxAnnotationId }: { maxAnnotationId?: number } = {}): Promise<TProjectRatings> {
  const labels = await loadRatingLabels(db, projectId);
  const labelCode = new Map(labels.map((label, code) => [label.id, code]));
  const annotatorCode = new Map<string, number>();
  const annotatorIds: string[] = [];
  const itemIds: number[] = [];
  const columns = {
    item: new GrowableInt32(),
    annotator: new GrowableInt32(),
    label: new GrowableInt32(),
    rejected: new GrowableInt32(),
    leadTime: new GrowableInt32(),
    day: new GrowableInt32(),
  };
  let watermark = 0;
  let after: { itemId: number; annotatorId: string } | null = null;
  for (;;) {
    const cursor: SQL = after ? sql`and (a.item_id, a.annotator_id) > (${after.itemId}, ${after.annotatorId})` : sql``;
    const ceiling: SQL = maxAnnotationId === undefined ? sql`` : sql`and a.id <= ${maxAnnotationId}`;
    const { rows }: { rows: TAnnotationRow[] } = await db.execute<TAnnotationRow>(sql`
      select a.item_id, a.annotator_id, a.label_id, a.status = 'rejected' as is_rejected, a.lead_time_ms,
        floor(extract(epoch from a.created_at) / 86400)::int as day, a.id
      from annotations a
      where a.project_id = ${projectId} ${cursor} ${ceiling}
      order by a.item_id, a.annotator_id
      limit ${BATCH_SIZE}`);
    for (const row of rows) {
      watermark = Math.max(watermark, Number(row.id));
      // Set and span answers have their own agreement measures (multi-label-agreement.ts); the watermark still counts them.
      if (row.label_id === null) continue;
      const itemId = Number(row.item_id);
      if (itemIds.length === 0 || itemIds[itemIds.length - 1] !== itemId) itemIds.push(itemId);
      let a = annotatorCode.get(row.annotator_id);
      if (a === undefined) {
        a = annotatorIds.length;
        annotatorCode.set(row.annotator_id, a);
        annotatorIds.push(row.annotator_id);
      }
      const l = labelCode.get(Number(row.label_id));
      if (l === undefined) throw new Error(`annotation ${row.id} uses label ${row.label_id}, which is not one of project ${projectId}'s labels`);
      columns.item.push(itemIds.length - 1);
      columns.annotator.push(a);
      columns.label.push(l);
      columns.rejected.push(row.is_rejected ? 1 : 0);
      columns.leadTime.push(row.lead_time_ms === null ? -1 : Math.min(Number(row.lead_time_ms), 2 ** 31 - 1));
      columns.day.push(Number(row.day));
    }
    const last: TAnnotationRow | undefined = rows[rows.length - 1];
    if (!last || rows.length < BATCH_SIZE) break;
    after = { itemId: Number(last.item_id), annotatorId: last.annotator_id };
  }

  const annotators = await nameAnnotators(db, annotatorIds);
  const index = indexRatingCodes({
    items: itemIds.map(String),
    annotators: annotators.map((annotator) => annotator.annotator),
    categories: labels.map((label) => label.category),
    hasDeclaredCategories: true,
    ratingItem: columns.item.toArray(),
    ratingAnnotator: columns.annotator.toArray(),
    ratingLabel: columns.label.toArray(),
  });
  return {
    projectId,
    labels,
    annotators,
    index,
    itemIds: Float64Array.from(itemIds),
    itemGold: await loadItemGold(db, projectId, itemIds, labelCode),
    ratingRejected: Uint8Array.from(columns.rejected.toArray()),
    ratingLeadTimeMs: columns.leadTime.toArray(),
    ratingDay: columns.day.toArray(),
    watermark,
  };
}

/**
 * The project's labels as categories: active ones in their order, then archived ones (old
 * annotations may use them). An archived label whose name an active label took over gets a suffix,
 * so category names stay unique.
 */
export async function loadRatingLabels(db: Database, projectId: number): Promise<TRatingLabel[]> {
  const rows = await db
    .select({ id: projectLabels.id, name: projectLabels.name, color: projectLabels.color, archivedAt: projectLabels.archivedAt, position: projectLabels.position })
    .from(projectLabels)
    .where(eq(projectLabels.projectId, projectId))
    .orderBy(sql`${projectLabels.archivedAt} is not null`, asc(projectLabels.position), asc(projectLabels.id));
  const taken = new Set<string>();
  return rows.map((row) => {
    let category = row.name;
    if (taken.has(category)) category = `${row.name} (archived #${row.id})`;
    taken.add(category);
    return { id: row.id, category, name: row.name, color: row.color, isArchived: row.archivedAt !== null };
  });
}

/** Display names, numbered in user-id order where two annotators share one, so every rating names one person. */
export async function nameAnnotators(db: Database, annotatorIds: string[]): Promise<TRatingAnnotator[]> {
  if (annotatorIds.length === 0) return [];
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, annotatorIds));
  const nameOf = new Map(rows.map((row) => [row.id, row.name.trim() || 'Unnamed']));
  const byName = new Map<string, string[]>();
  for (const id of [...annotatorIds].sort()) {
    const name = nameOf.get(id) ?? 'Deleted user';
    byName.set(name, [...(byName.get(name) ?? []), id]);
  }
  return annotatorIds.map((userId) => {
    const name = nameOf.get(userId) ?? 'Deleted user';
    const sharing = byName.get(name)!;
    return { userId, annotator: sharing.length > 1 ? `${name} (${sharing.indexOf(userId) + 1})` : name };
  });
}

async function loadItemGold(db: Database, projectId: number, itemIds: number[], labelCode: Map<number, number>): Promise<Int32Array> {
  const gold = new Int32Array(itemIds.length).fill(-1);
  const { rows } = await db.execute<{ id: number | string; gold_label_id: number }>(sql`
    select id, gold_label_id from items where project_id = ${projectId} and gold_label_id is not null`);
  if (rows.length === 0) return gold;
  const goldOf = new Map(rows.map((row) => [Number(row.id), labelCode.get(Number(row.gold_label_id)) ?? -1]));
  itemIds.forEach((itemId, i) => {
    const code = goldOf.get(itemId);
    if (code !== undefined) gold[i] = code;
  });
  return gold;
}

/** An Int32Array that doubles as it fills: millions of ratings without a JS array per column. */
class GrowableInt32 {
  private buffer = new Int32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.buffer.slice(0, this.length);
  }
}

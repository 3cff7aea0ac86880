import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { itemLeases, itemSkips, predictions } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { assertItemInProject } from '@/server/services/projects/item-in-project';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { MAX_EXCLUDED_ITEMS, MAX_SKIP_REASON_LENGTH, UNDO_WINDOW_SECONDS } from './limits';
import { choosePoolOrder, leaseFromPool, type TPickInput } from './pools';
import type { TQueueTask } from './queue-task';
import type { TSpan } from '@/db/schema';
import { selectPreannotations } from '@/ml/spans/select-preannotations';
import { readLabelSetPrediction } from '@/server/services/learning/multilabel-predictions';

export type TLeaseNextInput = {
  projectId: number;
  /** Items the client already holds (the one on screen while it prefetches the next). */
  excludeItemIds?: readonly number[];
  /** Settings a script already holds; the project's stored settings otherwise. */
  settings?: TProjectSettings;
  /** Source of the pool draw and of the random walk start; Math.random unless a test fixes it. */
  random?: () => number;
};

// A locked candidate whose last slot was taken just before we locked it is passed over; a few in a
// row means heavy contention, and the next pool (or the next call) tries again.
const MAX_RACED_CANDIDATES = 5;

/**
 * The annotator's next task, leased to them for `leaseSeconds`. A live lease they already hold (a
 * reload, a second tab) is resumed first, oldest first. Otherwise one pool is drawn (gold at goldRate,
 * evaluation items at evalFraction, else the main queue by priority) and the others are tried when it
 * has nothing left. Returns null when there is nothing this annotator may label.
 *
 * The usual call is two statements: the settings (with the annotator's own live lease, if any), then
 * the one-statement lease of pools.ts.
 */
export async function leaseNextItem(db: Database, actor: Pick<TActor, 'userId'>, input: TLeaseNextInput): Promise<TQueueTask | null> {
  const excludeItemIds = (input.excludeItemIds ?? []).slice(0, MAX_EXCLUDED_ITEMS);
  const random = input.random ?? Math.random;
  const state = await readLeaseState(db, input.projectId, actor.userId, excludeItemIds);
  const settings = input.settings ?? state.settings;
  const ownLeaseItemId = state.ownLeaseItemId;
  let task = ownLeaseItemId === null ? null : await resumeLease(db, actor.userId, ownLeaseItemId, settings);
  if (!task) {
    const pickInput: TPickInput = { projectId: input.projectId, annotatorId: actor.userId, settings, excludeItemIds, shuffleStart: Math.floor(random() * 2 ** 32) };
    const raced: number[] = [];
    for (const pool of choosePoolOrder(settings, random())) {
      while (!task && raced.length < MAX_RACED_CANDIDATES) {
        const attempt = await leaseFromPool(db, pool, { ...pickInput, excludeItemIds: [...excludeItemIds, ...raced] });
        if (attempt.kind === 'empty') break;
        if (attempt.kind === 'raced') raced.push(attempt.itemId);
        else task = attempt.task;
      }
      if (task) break;
    }
  }
  if (task && settings.showModelSuggestion) {
    if (state.taskType === 'spans') task.suggestedSpans = await findSpanSuggestions(db, task.itemId);
    else task.suggestion = await findLatestPrediction(db, task.itemId);
  }
  return task;
}

/**
 * The project's settings (read on every call, so a manager's change applies to the next task) and the
 * oldest live lease the annotator holds outside `excludeItemIds`; their expired leases are dropped.
 */
async function readLeaseState(db: Database, projectId: number, annotatorId: string, excludeItemIds: readonly number[]) {
  const excluded = excludeItemIds.length > 0 ? sql`and l.item_id not in (${sql.join(excludeItemIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  const result = await db.execute<{ settings: unknown; task_type: string; own_item_id: number | string | null }>(sql`
    with expired as (
      delete from item_leases where project_id = ${projectId} and annotator_id = ${annotatorId} and expires_at <= now()
    )
    select p.settings, p.task_type, (
      select l.item_id from item_leases l join items i on i.id = l.item_id
      where l.project_id = ${projectId} and l.annotator_id = ${annotatorId} and l.expires_at > now() ${excluded}
        and (i.status = 'open' or i.is_gold_check)
      order by l.created_at
      limit 1) as own_item_id
    from projects p where p.id = ${projectId}`);
  const row = result.rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'Project not found');
  return { settings: parseProjectSettings(row.settings, row.task_type), taskType: row.task_type, ownLeaseItemId: row.own_item_id === null ? null : Number(row.own_item_id) };
}

/** Extends a lease the annotator already holds and returns its task. */
async function resumeLease(db: Database, annotatorId: string, itemId: number, settings: TProjectSettings): Promise<TQueueTask | null> {
  const result = await db.execute<{ id: number | string; text: string; metadata: Record<string, unknown> | null; media_hash: string | null; expires_at: Date | string }>(sql`
    with resumed as (
      update item_leases set expires_at = now() + make_interval(secs => ${settings.leaseSeconds})
      where item_id = ${itemId} and annotator_id = ${annotatorId} and expires_at > now()
      returning item_id, expires_at
    )
    select i.id, i.text, i.metadata, i.media_hash, r.expires_at from resumed r join items i on i.id = r.item_id`);
  const row = result.rows[0];
  if (!row) return null;
  return { itemId: Number(row.id), text: row.text, metadata: row.metadata ?? {}, mediaHash: row.media_hash, leaseExpiresAt: new Date(row.expires_at), suggestion: null };
}

async function findLatestPrediction(db: Database, itemId: number): Promise<TQueueTask['suggestion']> {
  const [row] = await db
    .select({ labelId: predictions.labelId, score: predictions.score, value: predictions.value })
    .from(predictions)
    .where(eq(predictions.itemId, itemId))
    .orderBy(desc(predictions.createdAt))
    .limit(1);
  if (!row) return null;
  if (row.labelId !== null) return { labelId: row.labelId, score: row.score };
  const labelSet = readLabelSetPrediction(row.value);
  return labelSet ? { ...labelSet, score: row.score } : null;
}

/**
 * A span item's pre-annotations: the spans of its latest model prediction at or above the
 * confidence cut, never on an evaluation item or a gold check (an answer anchored on the model
 * would grade the model, or the annotator, against itself). The first time a prediction is handed
 * out it is marked `shownAt`, in the same statement, which is what pre-annotation acceptance is
 * measured against (learning/preannotation-acceptance.ts).
 */
async function findSpanSuggestions(db: Database, itemId: number): Promise<NonNullable<TQueueTask['suggestedSpans']>> {
  const result = await db.execute<{ value: { spans?: (TSpan & { confidence: number })[] } | null }>(sql`
    with latest as (
      select p.id, p.value from predictions p join items i on i.id = p.item_id
      where p.item_id = ${itemId} and p.model_version_id is not null and not i.is_eval and not i.is_gold_check
      order by p.created_at desc limit 1
    ),
    marked as (
      update predictions set value = predictions.value || jsonb_build_object('shownAt', now())
      from latest where predictions.id = latest.id and not (predictions.value ? 'shownAt')
      returning predictions.id
    )
    select value from latest`);
  const spans = result.rows[0]?.value?.spans ?? [];
  return selectPreannotations(spans).map(({ start, end, labelId, confidence }) => ({ start, end, labelId, score: confidence }));
}

/**
 * Skips an item for this annotator (never served to them again) and frees their lease. The reason is
 * kept for reviewers and managers. Repeating a skip changes nothing. `undoUntil`: until when the
 * annotator may take the skip back (undo-skip.ts).
 */
export async function skipItem(
  db: Database,
  actor: TActor,
  input: { projectId: number; itemId: number; reason: string; clientId?: string | null },
): Promise<{ itemId: number; isDuplicate: boolean; undoUntil: Date }> {
  const reason = input.reason.trim().slice(0, MAX_SKIP_REASON_LENGTH);
  if (!reason) throw new AppError('BAD_REQUEST', 'Say why you skip this item');
  return db.transaction(async (tx) => {
    await assertItemInProject(tx, input.projectId, input.itemId);
    const inserted = await tx
      .insert(itemSkips)
      .values({ itemId: input.itemId, annotatorId: actor.userId, projectId: input.projectId, reason, clientId: input.clientId ?? null })
      .onConflictDoNothing()
      .returning({ itemId: itemSkips.itemId, createdAt: itemSkips.createdAt });
    await tx.delete(itemLeases).where(and(eq(itemLeases.itemId, input.itemId), eq(itemLeases.annotatorId, actor.userId)));
    const undoUntil = (skippedAt: Date) => new Date(skippedAt.getTime() + UNDO_WINDOW_SECONDS * 1000);
    const [stored] = inserted;
    if (!stored) {
      const [earlier] = await tx
        .select({ createdAt: itemSkips.createdAt })
        .from(itemSkips)
        .where(and(eq(itemSkips.itemId, input.itemId), eq(itemSkips.annotatorId, actor.userId)));
      return { itemId: input.itemId, isDuplicate: true, undoUntil: undoUntil(earlier?.createdAt ?? new Date(0)) };
    }
    await recordAuditEvent(tx, { actor, projectId: input.projectId, action: 'item.skip', subjectType: 'item', subjectId: input.itemId, after: { reason } });
    return { itemId: input.itemId, isDuplicate: false, undoUntil: undoUntil(stored.createdAt) };
  });
}

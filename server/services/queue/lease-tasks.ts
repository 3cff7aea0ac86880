import { desc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { executePrepared } from '@/db/execute-prepared';
import { predictions, type TSpan } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { selectPreannotations } from '@/ml/spans/select-preannotations';
import { readLabelSetPrediction } from '@/server/services/learning/multilabel-predictions';
import { MAX_HELD_ITEMS, MAX_TASK_BATCH } from './limits';
import { choosePoolOrder, leaseFromPool, type TPickInput, type TQueuePool } from './pools';
import type { TQueueTask } from './queue-task';

export type TLeaseTasksInput = {
  projectId: number;
  /** How many tasks to lease, at most MAX_TASK_BATCH. */
  count: number;
  /** Items the client already holds (on screen, buffered, or answered and still on their way). */
  excludeItemIds?: readonly number[];
  /** Settings a script already holds; the project's stored settings otherwise. */
  settings?: TProjectSettings;
  /** Source of the pool draws and of the random walk start; Math.random unless a test fixes it. */
  random?: () => number;
};

// Locked candidates whose last slot was taken just before we locked them are passed over; this many
// in one call means heavy contention, and the next call tries again.
const MAX_RACED_CANDIDATES = 5;

/**
 * Up to `count` tasks for the annotator, each leased to them for `leaseSeconds`. Live leases they
 * already hold outside `excludeItemIds` (a reload, a second tab) are resumed first, oldest first.
 * Every further task is one pool draw, as a single next task always was (gold at goldRate, evaluation
 * items at evalFraction, else the main queue by priority, the others when the drawn pool has nothing
 * left), so a batch has the same mix as the same number of single requests. Draws of the same pool
 * are leased together, in one statement, and handed out in draw order.
 *
 * The usual call is two statements: the settings (with the annotator's own live leases), then one
 * lease statement per pool drawn.
 */
export async function leaseTasks(db: Database, actor: Pick<TActor, 'userId'>, input: TLeaseTasksInput): Promise<TQueueTask[]> {
  const count = Math.max(0, Math.min(MAX_TASK_BATCH, Math.floor(input.count)));
  if (count === 0) return [];
  const excludeItemIds = (input.excludeItemIds ?? []).slice(0, MAX_HELD_ITEMS);
  const random = input.random ?? Math.random;
  const state = await readLeaseState(db, input.projectId, actor.userId, excludeItemIds, count);
  const settings = input.settings ?? state.settings;
  const tasks = state.ownLeaseItemIds.length === 0 ? [] : await resumeLeases(db, actor.userId, state.ownLeaseItemIds, settings);

  if (tasks.length < count) {
    // The walk's start first, then one draw per task: a seeded source (the demo, the simulator) gives a
    // batch of one exactly the sequence a single task always had.
    const shuffleStart = Math.floor(random() * 2 ** 32);
    const draws = Array.from({ length: count - tasks.length }, () => choosePoolOrder(settings, random()));
    const pickInput: TPickInput = { projectId: input.projectId, annotatorId: actor.userId, settings, excludeItemIds, shuffleStart };
    tasks.push(...(await leaseDraws(db, pickInput, draws)));
  }
  if (settings.showModelSuggestion) await attachSuggestions(db, state.taskType, tasks);
  return tasks;
}

/**
 * Leases one task per draw. Draws that start with the same pool are asked of it together; what a pool
 * cannot give falls to the draw's next pool, as for a single task. The tasks come back in draw order,
 * each pool's own in its order (priority, or the shuffle).
 */
async function leaseDraws(db: Database, pickInput: TPickInput, draws: TQueuePool[][]): Promise<TQueueTask[]> {
  const byPool = new Map<TQueuePool, TQueueTask[]>();
  const taken: number[] = [];
  const raced: number[] = [];
  const exhausted = new Set<TQueuePool>();
  // How many draws each pool still owes, in the order of the draws' fallbacks.
  let owed = draws.map((order) => ({ order, next: 0 }));
  while (owed.length > 0 && raced.length < MAX_RACED_CANDIDATES) {
    const demand = new Map<TQueuePool, number>();
    for (const draw of owed) {
      const pool = draw.order[draw.next] as TQueuePool;
      demand.set(pool, (demand.get(pool) ?? 0) + 1);
    }
    const shortfall = new Map<TQueuePool, number>();
    for (const [pool, wanted] of demand) {
      const lease = await leaseFromPool(db, pool, { ...pickInput, excludeItemIds: [...pickInput.excludeItemIds, ...taken, ...raced] }, wanted);
      byPool.set(pool, [...(byPool.get(pool) ?? []), ...lease.tasks]);
      taken.push(...lease.tasks.map((task) => task.itemId));
      raced.push(...lease.raced);
      if (lease.isExhausted) exhausted.add(pool);
      shortfall.set(pool, wanted - lease.tasks.length);
    }
    // Draws a pool could not serve move on to their next pool (if it may still have items); raced
    // candidates alone (the pool not exhausted) are asked again of the same pool.
    const unserved: typeof owed = [];
    for (const draw of owed) {
      const pool = draw.order[draw.next] as TQueuePool;
      const missing = shortfall.get(pool) ?? 0;
      if (missing === 0) continue;
      shortfall.set(pool, missing - 1);
      let next = draw.next;
      while (next < draw.order.length && exhausted.has(draw.order[next] as TQueuePool)) next++;
      if (next < draw.order.length) unserved.push({ order: draw.order, next });
    }
    owed = unserved;
  }
  const ordered: TQueueTask[] = [];
  for (const order of draws) {
    const pool = order.find((candidate) => (byPool.get(candidate)?.length ?? 0) > 0);
    const task = pool === undefined ? undefined : byPool.get(pool)?.shift();
    if (task) ordered.push(task);
  }
  return ordered;
}

/**
 * The project's settings (read on every call, so a manager's change applies to the next task) and the
 * annotator's live leases outside `excludeItemIds`, oldest first; their expired leases are dropped.
 */
async function readLeaseState(db: Database, projectId: number, annotatorId: string, excludeItemIds: readonly number[], limit: number) {
  const result = await executePrepared<{ settings: unknown; task_type: string; own_item_ids: (number | string)[] | null }>(db, sql`
    with expired as (
      delete from item_leases where project_id = ${projectId} and annotator_id = ${annotatorId} and expires_at <= now()
    )
    select p.settings, p.task_type, array(
      select l.item_id from item_leases l join items i on i.id = l.item_id
      where l.project_id = ${projectId} and l.annotator_id = ${annotatorId} and l.expires_at > now()
        and l.item_id <> all(${sql.param(excludeItemIds)}::bigint[])
        and (i.status = 'open' or i.is_gold_check)
      order by l.created_at
      limit ${limit}) as own_item_ids
    from projects p where p.id = ${projectId}`);
  const row = result.rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'Project not found');
  return { settings: parseProjectSettings(row.settings, row.task_type), taskType: row.task_type, ownLeaseItemIds: (row.own_item_ids ?? []).map(Number) };
}

/** Extends leases the annotator already holds and returns their tasks, oldest lease first. */
async function resumeLeases(db: Database, annotatorId: string, itemIds: readonly number[], settings: TProjectSettings): Promise<TQueueTask[]> {
  const result = await executePrepared<{ id: number | string; text: string; metadata: Record<string, unknown> | null; media_hash: string | null; expires_at: Date | string; created_at: Date | string }>(db, sql`
    with resumed as (
      update item_leases set expires_at = now() + make_interval(secs => ${settings.leaseSeconds})
      where item_id = any(${sql.param(itemIds)}::bigint[]) and annotator_id = ${annotatorId} and expires_at > now()
      returning item_id, expires_at, created_at
    )
    select i.id, i.text, i.metadata, i.media_hash, r.expires_at, r.created_at from resumed r join items i on i.id = r.item_id
    order by r.created_at`);
  return result.rows.map((row) => ({ itemId: Number(row.id), text: row.text, metadata: row.metadata ?? {}, mediaHash: row.media_hash, leaseExpiresAt: new Date(row.expires_at), suggestion: null }));
}

async function attachSuggestions(db: Database, taskType: string, tasks: TQueueTask[]): Promise<void> {
  if (tasks.length === 0) return;
  if (taskType === 'spans') {
    for (const task of tasks) task.suggestedSpans = await findSpanSuggestions(db, task.itemId);
    return;
  }
  const latest = await findLatestPredictions(db, tasks.map((task) => task.itemId));
  for (const task of tasks) task.suggestion = latest.get(task.itemId) ?? null;
}

/** Each item's latest prediction: a label and its probability, or a predicted label set. */
async function findLatestPredictions(db: Database, itemIds: number[]): Promise<Map<number, TQueueTask['suggestion']>> {
  const rows = await db
    .selectDistinctOn([predictions.itemId], { itemId: predictions.itemId, labelId: predictions.labelId, score: predictions.score, value: predictions.value })
    .from(predictions)
    .where(inArray(predictions.itemId, itemIds))
    .orderBy(predictions.itemId, desc(predictions.createdAt));
  const latest = new Map<number, TQueueTask['suggestion']>();
  for (const row of rows) {
    const itemId = Number(row.itemId);
    if (row.labelId !== null) latest.set(itemId, { labelId: row.labelId, score: row.score });
    else {
      const labelSet = readLabelSetPrediction(row.value);
      if (labelSet) latest.set(itemId, { ...labelSet, score: row.score });
    }
  }
  return latest;
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

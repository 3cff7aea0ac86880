import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, reviewTasks, type TItemStatus, type TReviewReason, type TReviewTaskStatus } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';

/** Tasks the queue raised from the annotations themselves; they lapse with the annotation that caused them. */
export const QUEUE_REVIEW_REASONS = ['disagreement', 'gold_miss', 'audit'] as const satisfies readonly TReviewReason[];
export type TQueueReviewReason = (typeof QUEUE_REVIEW_REASONS)[number];

export type TAddReviewTaskInput = { projectId: number; itemId: number; reason: TReviewReason; details?: Record<string, unknown> };

/**
 * Puts an item in front of a reviewer for `reason`. Any part of Quorum may call it (the queue for
 * disagreements, wrong gold answers and audits; the learning loop for "model disagrees" and "likely
 * mislabeled"). Idempotent: an item has at most one open task per reason, so calling it again adds
 * nothing and returns false. Works inside the caller's transaction or on its own.
 */
export async function addReviewTask(db: Database, input: TAddReviewTaskInput): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Locking the item orders this against a submission or a review decision on the same item.
    const [item] = await tx
      .select({ status: items.status })
      .from(items)
      .where(and(eq(items.id, input.itemId), eq(items.projectId, input.projectId)))
      .for('update');
    if (!item) throw new AppError('NOT_FOUND', `Item ${input.itemId} is not part of this project`);
    const inserted = await tx
      .insert(reviewTasks)
      .values({ projectId: input.projectId, itemId: input.itemId, reason: input.reason, details: input.details ?? {} })
      .onConflictDoNothing({ target: [reviewTasks.itemId, reviewTasks.reason], where: sql`${reviewTasks.status} = 'open'` })
      .returning({ id: reviewTasks.id });
    const task = inserted[0];
    if (!task) return false;
    // An item still collecting annotations stays in the annotators' queue; the task waits beside it.
    if (item.status === 'labeled' || item.status === 'reviewed') {
      await tx.update(items).set({ status: 'in_review', updatedAt: new Date() }).where(eq(items.id, input.itemId));
    }
    await recordAuditEvent(tx, {
      actor: null,
      projectId: input.projectId,
      action: 'review.task.add',
      subjectType: 'item',
      subjectId: input.itemId,
      after: { taskId: task.id, reason: input.reason, details: input.details ?? {} },
    });
    return true;
  });
}

/**
 * Closes the open tasks of an item (all of them, or those with the given reasons) and returns how
 * many it closed. The caller holds the item's lock and records the decision that closed them.
 */
export async function closeOpenReviewTasks(
  db: Database,
  input: { itemId: number; status: Exclude<TReviewTaskStatus, 'open'>; actor: TActor | null; reasons?: readonly TReviewReason[] },
): Promise<number> {
  const closed = await db
    .update(reviewTasks)
    .set({ status: input.status, resolvedAt: new Date(), resolvedBy: input.actor?.userId ?? null })
    .where(
      and(
        eq(reviewTasks.itemId, input.itemId),
        eq(reviewTasks.status, 'open'),
        input.reasons ? inArray(reviewTasks.reason, [...input.reasons]) : undefined,
      ),
    )
    .returning({ id: reviewTasks.id });
  return closed.length;
}

export async function hasOpenReviewTask(db: Database, itemId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: reviewTasks.id })
    .from(reviewTasks)
    .where(and(eq(reviewTasks.itemId, itemId), eq(reviewTasks.status, 'open')))
    .limit(1);
  return row !== undefined;
}

/**
 * Takes back the gold-miss task one annotation of a gold check raised (the annotation was undone or
 * rejected) and returns the item's status after: out of review once no other task is open, back
 * to `reviewed` if a reviewer had decided it, else `labeled`. The caller holds the item's lock.
 */
export async function withdrawGoldMiss(
  db: Database,
  input: { itemId: number; annotationId: number; itemStatus: TItemStatus; isDecided: boolean; status: Exclude<TReviewTaskStatus, 'open'>; actor: TActor },
): Promise<TItemStatus> {
  await db
    .update(reviewTasks)
    .set({ status: input.status, resolvedAt: new Date(), resolvedBy: input.actor.userId })
    .where(
      and(
        eq(reviewTasks.itemId, input.itemId),
        eq(reviewTasks.status, 'open'),
        eq(reviewTasks.reason, 'gold_miss'),
        sql`${reviewTasks.details}->>'annotationId' = ${String(input.annotationId)}`,
      ),
    );
  if (input.itemStatus !== 'in_review' || (await hasOpenReviewTask(db, input.itemId))) return input.itemStatus;
  return input.isDecided ? 'reviewed' : 'labeled';
}

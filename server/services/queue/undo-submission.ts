import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { annotations, items, type TFinalLabelSource, type TItemStatus, type TStructuredValue } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { notifyLabelsChanged } from '@/server/services/learning/notify-labels-changed';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { closeOpenReviewTasks, QUEUE_REVIEW_REASONS, withdrawGoldMiss } from '@/server/services/review/review-tasks';
import { leaseUndoneItem } from './lease-undone-item';
import { UNDO_HISTORY_SIZE, UNDO_WINDOW_SECONDS } from './limits';
import type { TQueueTask } from './queue-task';

/**
 * Takes back one of the annotator's recent labels (one of their last UNDO_HISTORY_SIZE in the project,
 * stored less than UNDO_WINDOW_SECONDS ago) while nothing has been built on it: no reviewer has accepted
 * or rejected it or decided its item. The item returns to the queue state it had without this label
 * (an item it completed, alone or with later labels of others, needs one more label again) and is leased
 * to the annotator again, so they can label it anew; returns that task.
 */
export async function undoSubmission(db: Database, actor: TActor, input: { projectId: number; annotationId: number }): Promise<TQueueTask> {
  const task = await db.transaction(async (tx) => {
    const recent = await tx
      .select()
      .from(annotations)
      .where(and(eq(annotations.projectId, input.projectId), eq(annotations.annotatorId, actor.userId)))
      .orderBy(desc(annotations.createdAt), desc(annotations.id))
      .limit(UNDO_HISTORY_SIZE);
    const latest = recent.find((annotation) => annotation.id === input.annotationId);
    if (!latest) throw new AppError('CONFLICT', `Only your last ${UNDO_HISTORY_SIZE} labels can be undone`);
    if (latest.source !== 'human') throw new AppError('CONFLICT', 'Imported labels cannot be undone');
    if (Date.now() - latest.createdAt.getTime() > UNDO_WINDOW_SECONDS * 1000) {
      throw new AppError('CONFLICT', `Labels can be undone for ${UNDO_WINDOW_SECONDS / 60} minutes; this one is older`);
    }
    if (latest.status !== 'submitted') throw new AppError('CONFLICT', 'A reviewer has already decided on this label');
    const [item] = await tx.select().from(items).where(eq(items.id, latest.itemId)).for('update');
    if (!item) throw new AppError('NOT_FOUND', 'This item no longer exists');
    if (item.finalSource === 'review' || item.status === 'reviewed') throw new AppError('CONFLICT', 'A reviewer has already decided this item');
    const [project] = await tx.execute<{ settings: unknown }>(sql`select settings from projects where id = ${input.projectId}`).then((r) => r.rows);
    const settings = parseProjectSettings(project?.settings);

    await tx.delete(annotations).where(eq(annotations.id, latest.id));
    let next: { status: TItemStatus; finalLabelId: number | null; finalValue: TStructuredValue | null; finalSource: TFinalLabelSource | null };
    if (item.isGoldCheck) {
      const status = await withdrawGoldMiss(tx, { itemId: item.id, annotationId: latest.id, itemStatus: item.status, isDecided: false, status: 'dismissed', actor });
      next = { status, finalLabelId: item.finalLabelId, finalValue: item.finalValue, finalSource: item.finalSource };
    } else if (item.status === 'open') {
      next = { status: 'open', finalLabelId: item.finalLabelId, finalValue: item.finalValue, finalSource: item.finalSource };
    } else {
      // This label completed the item: it needs one more annotation again.
      await closeOpenReviewTasks(tx, { itemId: item.id, status: 'dismissed', actor, reasons: QUEUE_REVIEW_REASONS });
      next = { status: 'open', finalLabelId: null, finalValue: null, finalSource: null };
    }
    await tx
      .update(items)
      .set({ ...next, annotationCount: sql`greatest(${items.annotationCount} - 1, 0)`, updatedAt: new Date() })
      .where(eq(items.id, item.id));
    const leaseExpiresAt = await leaseUndoneItem(tx, { itemId: item.id, annotatorId: actor.userId, projectId: input.projectId, leaseSeconds: settings.leaseSeconds });
    await recordAuditEvent(tx, {
      actor,
      projectId: input.projectId,
      action: 'annotation.undo',
      subjectType: 'annotation',
      subjectId: latest.id,
      before: {
        itemId: item.id,
        ...(latest.value === null ? { labelId: latest.labelId } : { value: latest.value }),
        clientId: latest.clientId,
        item: { status: item.status, finalLabelId: item.finalLabelId, finalValue: item.finalValue, finalSource: item.finalSource },
      },
      after: { item: next },
    });
    return {
      itemId: item.id,
      text: item.text,
      metadata: item.metadata,
      mediaHash: item.mediaHash,
      leaseExpiresAt,
      suggestion: null,
    } satisfies TQueueTask;
  });
  await notifyLabelsChanged(db, input.projectId);
  return task;
}

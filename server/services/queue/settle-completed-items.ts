import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { annotations, items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { readAnswer } from './answer';
import { decideFinalAnswer, describeDecidedItem } from './final-label';
import { notifyLabelsChanged } from '@/server/services/learning/notify-labels-changed';
import { computeTargetOverlap, targetOverlapSql } from './overlap';
import { loadQueueSettings } from './load-queue-settings';
import { addReviewTask, hasOpenReviewTask } from '@/server/services/review/review-tasks';

/**
 * Decides the open items that already have all the annotations the current settings ask for. An item
 * is normally decided by the submission that completes it; when a manager lowers the overlap (or its
 * share), items waiting for a second annotator are complete without one, and the queue no longer
 * serves them. Call after such a settings change. Returns how many items it decided.
 */
export async function settleCompletedItems(db: Database, actor: TActor | null, projectId: number, options: { random?: () => number } = {}): Promise<number> {
  const settings = await loadQueueSettings(db, projectId);
  const random = options.random ?? Math.random;
  const candidates = await db.execute<{ id: number | string }>(sql`
    select i.id from items i
    where i.project_id = ${projectId} and i.status = 'open' and not i.is_gold_check
      and i.annotation_count >= ${targetOverlapSql(sql.raw('i.id'), settings)}`);
  let settled = 0;
  for (const { id } of candidates.rows) {
    const itemId = Number(id);
    const isSettled = await db.transaction(async (tx) => {
      const [item] = await tx.select().from(items).where(eq(items.id, itemId)).for('update');
      if (!item || item.status !== 'open') return false;
      const target = computeTargetOverlap(itemId, settings);
      const counted = await tx
        .select({ labelId: annotations.labelId, value: annotations.value })
        .from(annotations)
        .where(and(eq(annotations.itemId, itemId), ne(annotations.status, 'rejected')))
        .orderBy(annotations.id);
      const decision = decideFinalAnswer(
        counted.map((row) => readAnswer(row.labelId, row.value)),
        target,
      );
      if (decision.kind === 'pending') return false;
      const isAudited = decision.kind === 'final' && random() < settings.auditRate;
      const { disagreement, ...final } = describeDecidedItem(decision);
      const next = {
        status: disagreement || isAudited || (await hasOpenReviewTask(tx, itemId)) ? ('in_review' as const) : ('labeled' as const),
        ...final,
      };
      await tx
        .update(items)
        .set({ ...next, updatedAt: new Date() })
        .where(eq(items.id, itemId));
      if (disagreement) await addReviewTask(tx, { projectId, itemId, reason: 'disagreement', details: disagreement });
      if (isAudited) await addReviewTask(tx, { projectId, itemId, reason: 'audit' });
      await recordAuditEvent(tx, {
        actor,
        projectId,
        action: 'item.settle',
        subjectType: 'item',
        subjectId: itemId,
        before: { status: item.status, finalLabelId: item.finalLabelId, finalValue: item.finalValue, finalSource: item.finalSource },
        after: { ...next, targetOverlap: target },
      });
      return true;
    });
    if (isSettled) settled++;
  }
  if (settled > 0) await notifyLabelsChanged(db, projectId);
  return settled;
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TItemStatus } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { UNDO_HISTORY_SIZE, UNDO_WINDOW_SECONDS } from './limits';
import { leaseUndoneItem } from './lease-undone-item';
import { computeTargetOverlap } from './overlap';
import type { TQueueTask } from './queue-task';

type TSkipRow = {
  item_id: number | string;
  reason: string;
  created_at: Date | string;
  settings: unknown;
  text: string;
  metadata: Record<string, unknown> | null;
  media_hash: string | null;
  status: TItemStatus;
  is_gold_check: boolean;
  annotation_count: number;
};

/**
 * Takes back one of the annotator's recent skips (one of their last UNDO_HISTORY_SIZE skips in the
 * project, less than UNDO_WINDOW_SECONDS old): the item may be served to them again and is leased to
 * them at once, so it is back on their screen; returns that task. A skip stays when the item no longer
 * needs this annotator's label (others completed it meanwhile, or a reviewer decided it).
 */
export async function undoSkip(db: Database, actor: TActor, input: { projectId: number; itemId: number }): Promise<TQueueTask> {
  return db.transaction(async (tx) => {
    const recent = await tx.execute<{ item_id: number | string }>(sql`
      select item_id from item_skips where project_id = ${input.projectId} and annotator_id = ${actor.userId}
      order by created_at desc, item_id desc limit ${UNDO_HISTORY_SIZE}`);
    if (!recent.rows.some((row) => Number(row.item_id) === input.itemId)) {
      throw new AppError('CONFLICT', `Only your last ${UNDO_HISTORY_SIZE} skips can be undone`);
    }
    // Lock the item first, as a submission does, so the free-slot count below cannot race one.
    const locked = await tx.execute<TSkipRow>(sql`
      select s.item_id, s.reason, s.created_at, p.settings, i.text, i.metadata, i.media_hash, i.status, i.is_gold_check, i.annotation_count
      from items i
      join item_skips s on s.item_id = i.id and s.annotator_id = ${actor.userId}
      join projects p on p.id = i.project_id
      where i.id = ${input.itemId} and i.project_id = ${input.projectId}
      for update of i`);
    const skip = locked.rows[0];
    if (!skip) throw new AppError('CONFLICT', 'This skip was already undone');
    const skippedAt = new Date(skip.created_at);
    if (Date.now() - skippedAt.getTime() > UNDO_WINDOW_SECONDS * 1000) {
      throw new AppError('CONFLICT', `Skips can be undone for ${UNDO_WINDOW_SECONDS / 60} minutes; this one is older`);
    }
    const settings = parseProjectSettings(skip.settings);
    if (!skip.is_gold_check) {
      if (skip.status !== 'open') throw new AppError('CONFLICT', 'This item no longer needs a label: others completed it or a reviewer decided it');
      const leases = await tx.execute<{ n: number | string }>(sql`select quorum_count_live_leases(${input.itemId}, ${actor.userId}) as n`);
      const target = computeTargetOverlap(input.itemId, settings);
      if (Number(skip.annotation_count) + Number(leases.rows[0]?.n ?? 0) >= target) {
        throw new AppError('CONFLICT', 'This item has been handed to someone else since you skipped it');
      }
    }
    await tx.execute(sql`delete from item_skips where item_id = ${input.itemId} and annotator_id = ${actor.userId}`);
    const leaseExpiresAt = await leaseUndoneItem(tx, { itemId: input.itemId, annotatorId: actor.userId, projectId: input.projectId, leaseSeconds: settings.leaseSeconds });
    await recordAuditEvent(tx, {
      actor,
      projectId: input.projectId,
      action: 'item.skip.undo',
      subjectType: 'item',
      subjectId: input.itemId,
      before: { reason: skip.reason, skippedAt: skippedAt.toISOString() },
    });
    return {
      itemId: input.itemId,
      text: skip.text,
      metadata: skip.metadata ?? {},
      mediaHash: skip.media_hash,
      leaseExpiresAt,
      suggestion: null,
    } satisfies TQueueTask;
  });
}

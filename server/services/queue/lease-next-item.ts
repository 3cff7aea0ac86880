import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { itemLeases, itemSkips } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { assertItemInProject } from '@/server/services/projects/item-in-project';
import { leaseTasks } from './lease-tasks';
import { MAX_EXCLUDED_ITEMS, MAX_SKIP_REASON_LENGTH, UNDO_WINDOW_SECONDS } from './limits';
import type { TQueueTask } from './queue-task';

export type TLeaseNextInput = {
  projectId: number;
  /** Items the client already holds (the one on screen while it prefetches the next). */
  excludeItemIds?: readonly number[];
  /** Settings a script already holds; the project's stored settings otherwise. */
  settings?: TProjectSettings;
  /** Source of the pool draw and of the random walk start; Math.random unless a test fixes it. */
  random?: () => number;
};

/**
 * The annotator's next task, leased to them for `leaseSeconds`: a batch of one (lease-tasks.ts), so a
 * live lease they already hold is resumed first. Returns null when there is nothing this annotator may
 * label.
 */
export async function leaseNextItem(db: Database, actor: Pick<TActor, 'userId'>, input: TLeaseNextInput): Promise<TQueueTask | null> {
  const [task] = await leaseTasks(db, actor, { ...input, count: 1, excludeItemIds: (input.excludeItemIds ?? []).slice(0, MAX_EXCLUDED_ITEMS) });
  return task ?? null;
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

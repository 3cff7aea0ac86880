import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions } from '@/db/schema';
import { appendDecisionLog, type TDecisionLogEvent } from './append-decision-log';
import { toDecisionView } from './decision-view';
import { enqueueDecisionWebhook, type TDecisionWebhookEvent } from './enqueue-decision-webhook';

export type TDecisionRow = typeof decisions.$inferSelect;

/** The columns a settlement (or a move to the next level) may change. */
type TDecisionPatch = Partial<
  Pick<TDecisionRow, 'status' | 'label' | 'decidedBy' | 'outcomeReason' | 'decidedAt' | 'escalationLevel' | 'requiredApprovals' | 'deadlineHandledAt' | 'inputHash' | 'payload' | 'auditedAt'>
>;

export type TDecisionChange = {
  patch: TDecisionPatch;
  /** Log entries written before the change's own (each reviewer's 'reviewed'). */
  preceding?: readonly TDecisionLogEvent[];
  /** The change's own log entry ('decided', 'rejected', 'escalated', 'deadline'), or none. */
  event: { event: string; body: Record<string, unknown> } | null;
  /** The webhook to send the caller, or none. */
  webhook: TDecisionWebhookEvent | null;
};

/**
 * Applies a change to a locked decision row, with its log entries and its webhook (none for a gold
 * check), in the caller's transaction: the row, the record and the message land together or not at all. After the commit,
 * call `notifyDecisionsChanged(db, [id])` (long-polls) and, when `messageId` is set, `wakeWorkers(db)`.
 */
export async function settleDecision(tx: Database, row: TDecisionRow, change: TDecisionChange): Promise<{ row: TDecisionRow; messageId: string | null }> {
  const [updated] = await tx
    .update(decisions)
    .set({ ...change.patch, updatedAt: new Date() })
    .where(eq(decisions.id, row.id))
    .returning();
  if (!updated) throw new Error(`decision ${row.id} vanished while locked`);
  const events: TDecisionLogEvent[] = [...(change.preceding ?? [])];
  if (change.event) events.push({ decisionId: row.id, event: change.event.event, body: change.event.body });
  await appendDecisionLog(tx, row.projectId, events);
  // A gold check (gold-checks.ts) was never sent by another system: nobody is told how it ends.
  const message = change.webhook && updated.goldLabel === null ? await enqueueDecisionWebhook(tx, updated, change.webhook, toDecisionView(updated)) : null;
  return { row: updated, messageId: message?.messageId ?? null };
}

import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionMonitors } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { MONITOR_RESET_ACTION, MONITOR_SUBJECT_TYPE } from './monitor-audit-actions';
import { ZMonitorResetReason } from './oversight-limits';
import { unstartedMonitor } from './start-monitor';

/**
 * Resets a tripped monitor: a person states why the model may decide again (the cause found and
 * fixed, the data or the threshold changed), and the test starts over from no audits, evidence 1.
 *
 * Starting over is what keeps the alarm valid. The evidence is a test supermartingale from where it
 * starts, and Ville's inequality bounds the chance that it ever reaches 1/δ by δ, whenever it is
 * started, provided that nothing after the start has been seen yet: a fresh test over the audits
 * after the reset asks whether the model is good now. Carrying the old evidence on would trip again at
 * the next audit whatever the model does now; carrying the old counts or the old betting estimate
 * would mix the bad period into the new verdict (and bet the new evidence away on the fixed model).
 * Each trip-and-reset cycle is its own test at level δ.
 *
 * Only a tripped monitor can be reset: restarting a running one at a moment of one's choosing (as its
 * evidence climbs) would void the guarantee.
 */
export async function resetMonitor(db: Database, actor: TActor, projectId: number, reason: string): Promise<void> {
  const parsed = ZMonitorResetReason.safeParse(reason);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Reason: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const statedReason = parsed.data;
  await db.transaction(async (tx) => {
    const [monitor] = await tx.select().from(decisionMonitors).where(eq(decisionMonitors.projectId, projectId)).for('update');
    if (!monitor || monitor.trippedAt === null) throw new AppError('CONFLICT', 'The monitor has not tripped: there is nothing to reset');
    const now = new Date();
    const fresh = unstartedMonitor();
    await tx
      .update(decisionMonitors)
      .set({ ...fresh, resetBy: actor.userId, resetAt: now, updatedAt: now })
      .where(eq(decisionMonitors.projectId, projectId));
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: MONITOR_RESET_ACTION,
      subjectType: MONITOR_SUBJECT_TYPE,
      subjectId: projectId,
      before: {
        certificateId: monitor.certificateId,
        audits: monitor.audits,
        errors: monitor.errors,
        evidence: monitor.evidence,
        trippedAt: monitor.trippedAt.toISOString(),
        trippedReason: monitor.trippedReason,
      },
      after: { audits: fresh.audits, errors: fresh.errors, evidence: fresh.evidence, reason: statedReason },
    });
  });
}

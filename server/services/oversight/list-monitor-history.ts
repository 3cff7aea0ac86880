import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { MONITOR_RESET_ACTION, MONITOR_SUBJECT_TYPE, MONITOR_TRIP_ACTION } from './monitor-audit-actions';

export const MONITOR_HISTORY_LIMIT = 20;

/** A trip (by the monitor) or a reset (by a person), newest first, from the audit trail. */
export type TMonitorHistoryEntry = {
  id: number;
  kind: 'tripped' | 'reset';
  at: Date;
  /** The person who reset it; null for a trip, which is the monitor's own verdict. */
  actorName: string | null;
  /** The trip's finding, or the reason the person gave. */
  reason: string | null;
  /** The counts when it happened (for a reset: what the reset cleared). */
  audits: number | null;
  errors: number | null;
  evidence: number | null;
};

const ZCounts = z.object({ audits: z.number(), errors: z.number(), evidence: z.number() }).partial();
const ZReason = z.object({ reason: z.string().nullable() }).partial();

export async function listMonitorHistory(db: Database, projectId: number): Promise<TMonitorHistoryEntry[]> {
  const rows = await db
    .select({ id: auditEvents.id, action: auditEvents.action, createdAt: auditEvents.createdAt, actorName: users.name, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.subjectType, MONITOR_SUBJECT_TYPE),
        eq(auditEvents.subjectId, String(projectId)),
        eq(auditEvents.projectId, projectId),
        inArray(auditEvents.action, [MONITOR_TRIP_ACTION, MONITOR_RESET_ACTION]),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(MONITOR_HISTORY_LIMIT);
  return rows.map((row) => {
    const isTrip = row.action === MONITOR_TRIP_ACTION;
    // A trip records the counts that tripped it (after); a reset, the counts it cleared (before).
    const counts = ZCounts.safeParse(isTrip ? row.after : row.before);
    const reason = ZReason.safeParse(row.after);
    return {
      id: row.id,
      kind: isTrip ? 'tripped' : 'reset',
      at: row.createdAt,
      actorName: isTrip ? null : row.actorName,
      reason: reason.success ? (reason.data.reason ?? null) : null,
      audits: counts.success ? (counts.data.audits ?? null) : null,
      errors: counts.success ? (counts.data.errors ?? null) : null,
      evidence: counts.success ? (counts.data.evidence ?? null) : null,
    };
  });
}

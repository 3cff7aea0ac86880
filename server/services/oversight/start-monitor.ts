import type { Database } from '@/db/client';
import { decisionMonitors } from '@/db/schema';

/** A monitor whose sequential test has seen no audit: evidence 1, no estimate yet (monitor-test-state.ts starts it at α). */
export function unstartedMonitor() {
  return { audits: 0, errors: 0, evidence: 1, state: {}, trippedAt: null, trippedReason: null };
}

/**
 * Points the project's monitor at a certificate and starts its test over: audits of an earlier
 * certificate say nothing about a new threshold. Call it in the transaction that puts the
 * certificate in force.
 */
export async function startMonitor(tx: Database, projectId: number, certificateId: number, now = new Date()): Promise<void> {
  const fresh = { ...unstartedMonitor(), certificateId, updatedAt: now };
  await tx
    .insert(decisionMonitors)
    .values({ projectId, ...fresh })
    .onConflictDoUpdate({ target: decisionMonitors.projectId, set: fresh });
}

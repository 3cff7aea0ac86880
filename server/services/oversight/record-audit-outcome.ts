import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionMonitors, thresholdCertificates } from '@/db/schema';
import { alarmLevel, isAlarm, observeAudit } from '@/ml/monitor/audit-e-process';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { appendDecisionLog } from '@/server/services/decisions/append-decision-log';
import { MONITOR_SUBJECT_TYPE, MONITOR_TRIP_ACTION } from './monitor-audit-actions';
import { readAuditTestState, writeAuditTestState } from './monitor-test-state';

export type TAuditOutcome = {
  projectId: number;
  decisionId: string;
  /** The certificate the audited decision was made under; audits of other certificates' decisions do not count. */
  certificateId: number | null;
  /** The model's automatic answer and the auditor's label (null: the label is no longer in the project). */
  modelLabel: string | null;
  auditLabel: string | null;
};

/** The decision log's event for the audit that tripped the monitor (on that decision's record). */
export const MONITOR_TRIPPED_EVENT = 'monitor_tripped';

/**
 * Feeds one audit of an automatic decision to the project's production monitor, inside the
 * transaction that records the audit, so the audit and its count land together or not at all (and
 * answerDecision refuses a second audit of a decision, so a retried request counts once). The
 * monitor row is locked: concurrent audits of one project are counted one after another.
 *
 * When the evidence first reaches 1/δ the monitor trips: read-decision-context sees `tripped_at`
 * and, if the policy fails closed, every new case goes to people until a person resets it. The trip
 * is the test's verdict over all the audits, not the act of the person whose audit happened to be
 * the last one, so the audit trail records it as the system's (the auditor's override is on the
 * trail under their name already); the decision log records it on the audited decision's record.
 */
export async function recordAuditOutcome(tx: Database, outcome: TAuditOutcome): Promise<void> {
  const { projectId, certificateId, modelLabel, auditLabel } = outcome;
  // Nothing to count: a decision made under no certificate, or an audit without a label to compare.
  if (certificateId === null || modelLabel === null || auditLabel === null) return;
  let locked = await lockMonitor(tx, projectId);
  if (!locked) {
    await startMissingMonitor(tx, projectId, certificateId);
    locked = await lockMonitor(tx, projectId);
  }
  if (!locked || locked.monitor.certificateId !== certificateId) return;
  const { monitor, alpha, delta } = locked;
  const next = observeAudit(readAuditTestState(monitor, alpha), auditLabel !== modelLabel, alpha);
  const isTripping = monitor.trippedAt === null && isAlarm(next, delta);
  const now = new Date();
  const trippedReason = isTripping ? describeTrip(next, alpha, delta) : null;
  await tx
    .update(decisionMonitors)
    .set({ ...writeAuditTestState(next), updatedAt: now, ...(isTripping ? { trippedAt: now, trippedReason } : {}) })
    .where(eq(decisionMonitors.projectId, projectId));
  if (!isTripping) return;
  const evidence = { certificateId, alpha, delta, audits: next.audits, errors: next.errors, evidence: next.evidence, alarmLevel: alarmLevel(delta) };
  await recordAuditEvent(tx, {
    actor: null,
    projectId,
    action: MONITOR_TRIP_ACTION,
    subjectType: MONITOR_SUBJECT_TYPE,
    subjectId: projectId,
    before: { audits: monitor.audits, errors: monitor.errors, evidence: monitor.evidence },
    after: { ...evidence, decisionId: outcome.decisionId, reason: trippedReason },
  });
  await appendDecisionLog(tx, projectId, [{ decisionId: outcome.decisionId, event: MONITOR_TRIPPED_EVENT, body: evidence }]);
}

/** The project's monitor with its certificate's α and δ, locked until the audit's transaction ends. */
async function lockMonitor(tx: Database, projectId: number) {
  const [locked] = await tx
    .select({ monitor: decisionMonitors, alpha: thresholdCertificates.alpha, delta: thresholdCertificates.delta })
    .from(decisionMonitors)
    .innerJoin(thresholdCertificates, eq(thresholdCertificates.id, decisionMonitors.certificateId))
    .where(eq(decisionMonitors.projectId, projectId))
    .for('update', { of: decisionMonitors });
  return locked ?? null;
}

/**
 * Approving a certificate starts its monitor; a project whose approved certificate has none (approved
 * before monitors existed, or written by hand) starts it at its first audit rather than never counting.
 * Two first audits at once: the second insert waits for the first and does nothing.
 */
async function startMissingMonitor(tx: Database, projectId: number, certificateId: number): Promise<void> {
  await tx.execute(sql`
    insert into decision_monitors (project_id, certificate_id)
    select ${thresholdCertificates.projectId}, ${thresholdCertificates.id} from ${thresholdCertificates}
    where ${and(eq(thresholdCertificates.id, certificateId), eq(thresholdCertificates.projectId, projectId), eq(thresholdCertificates.status, 'approved'))}
    on conflict (project_id) do nothing`);
}

function describeTrip(state: { audits: number; errors: number; evidence: number }, alpha: number, delta: number): string {
  const percent = (value: number) => `${Number((value * 100).toPrecision(3))}%`;
  return `Audited error above α = ${percent(alpha)} at confidence ${percent(1 - delta)}: ${state.errors} of ${state.audits} audits found the model wrong (evidence ${state.evidence.toFixed(1)} ≥ 1/δ = ${Number(alarmLevel(delta).toPrecision(3))})`;
}

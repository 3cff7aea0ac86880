import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, decisionLog, decisionMonitors } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { answerDecision } from '@/server/services/decisions/answer-decision';
import { verifyDecisionLog } from '@/server/services/decisions/append-decision-log';
import { loadCasePredictor } from '@/server/services/decisions/case-predictor';
import { createDecision } from '@/server/services/decisions/create-decisions';
import { approveTestCertificate, createProjectWithModel, insertTestCertificate, setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { approveCertificate } from './approve-certificate';
import { getMonitorStatus } from './get-monitor-status';
import { listMonitorHistory } from './list-monitor-history';
import { MONITOR_TRIP_ACTION } from './monitor-audit-actions';
import { MONITOR_TRIPPED_EVENT } from './record-audit-outcome';
import { resetMonitor } from './reset-monitor';

/**
 * The fail-closed path (issue 15): a model that degrades after its certificate was approved is caught
 * by the audits, the monitor trips, and every new case goes to people until a person resets it.
 */
describe('the production monitor fails closed', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let reviewer: TActor;
  let projectId: number;
  let certificateId: number;
  const labels = ['spam', 'ham'];

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    reviewer = await harness.createUser('Reviewer');
    ({ projectId } = await createProjectWithModel(harness, owner, 'monitor'));
    await harness.addToProject(projectId, reviewer, 'reviewer');
    // With two labels the model's top probability is at least 0.5: every case clears this threshold.
    certificateId = await approveTestCertificate(harness.db, projectId, { threshold: 0.5, alpha: 0.05, delta: 0.05 });
    await setDecisionPolicy(harness.db, projectId, { auditShare: 1, failClosed: true });
  }, 300_000);
  afterAll(async () => {
    await harness.close();
  });

  let caseCount = 0;
  /** A new case; the model decides it (auditShare 1: every automatic decision is audited). */
  const sendCase = async () => (await createDecision(harness.db, owner, projectId, { text: `claim your prize, case ${++caseCount}` })).decision;
  /** The reviewer's audit, finding the model wrong: the model has "degraded". */
  const auditAsWrong = async (decision: { id: string; label: string | null; inputHash: string }) =>
    answerDecision(harness.db, { actor: reviewer, role: 'reviewer' }, projectId, {
      decisionId: decision.id,
      answer: 'override',
      label: labels.find((label) => label !== decision.label)!,
      reason: 'The model is wrong here',
      inputHash: decision.inputHash,
    });
  const monitorRow = async () => (await harness.db.select().from(decisionMonitors).where(eq(decisionMonitors.projectId, projectId)))[0];

  it('trips on the sixth wrong audit, as the hand computation says, and routes the next case to people', async () => {
    // α = δ = 5%: after five errors in a row the evidence is 19.33, after six 63.0 ≥ 1/δ = 20
    // (ml/monitor/audit-e-process.test.ts works the numbers).
    const audited: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const decision = await sendCase();
      expect(decision).toMatchObject({ route: 'auto', routeReason: 'above_threshold' });
      expect(decision.certificate).toMatchObject({ certificateId });
      await auditAsWrong(decision);
      audited.push(decision.id);
    }
    expect(await monitorRow()).toMatchObject({ certificateId, audits: 5, errors: 5, trippedAt: null });
    expect((await monitorRow())!.evidence).toBeCloseTo(19.3325, 3);
    const sixth = await sendCase();
    expect(sixth.route).toBe('auto');
    await auditAsWrong(sixth);
    const tripped = await monitorRow();
    expect(tripped).toMatchObject({ audits: 6, errors: 6, trippedAt: expect.any(Date) });
    expect(tripped!.evidence).toBeCloseTo(63.008, 2);
    expect(tripped!.trippedReason).toContain('6 of 6 audits');

    const next = await sendCase();
    expect(next).toMatchObject({ status: 'pending', route: 'human', routeReason: 'monitor_tripped' });
    expect(await getMonitorStatus(harness.db, projectId)).toMatchObject({ isTripped: true, failClosed: true, isFailingClosed: true, monitor: { audits: 6, errors: 6, alarmLevel: 20 } });

    // Recorded once, as the monitor's own verdict, and on the record of the audit that tripped it.
    const events = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, MONITOR_TRIP_ACTION), eq(auditEvents.projectId, projectId)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'system', actorId: null, after: { decisionId: sixth.id, audits: 6, errors: 6, certificateId } });
    const logged = await harness.db.select().from(decisionLog).where(and(eq(decisionLog.decisionId, sixth.id), eq(decisionLog.event, MONITOR_TRIPPED_EVENT)));
    expect(logged).toHaveLength(1);
    expect((await verifyDecisionLog(harness.db, projectId)).break).toBeNull();
    expect((await listMonitorHistory(harness.db, projectId))[0]).toMatchObject({ kind: 'tripped', actorName: null, audits: 6, errors: 6 });
  });

  it('keeps counting but does not trip twice, and a second audit of one decision is refused without counting', async () => {
    const decision = await sendCase();
    expect(decision.routeReason).toBe('monitor_tripped');
    // A case that went to people is no audit: the monitor counts only audits of automatic decisions.
    await setDecisionPolicy(harness.db, projectId, { failClosed: false });
    const automatic = await sendCase();
    await auditAsWrong(automatic);
    await expect(auditAsWrong(automatic)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await monitorRow()).toMatchObject({ audits: 7, errors: 7 });
    expect(await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, MONITOR_TRIP_ACTION), eq(auditEvents.projectId, projectId)))).toHaveLength(1);
    await setDecisionPolicy(harness.db, projectId, { failClosed: true });
  });

  it('with failClosed off, the alarm stands but the model keeps deciding', async () => {
    await setDecisionPolicy(harness.db, projectId, { failClosed: false });
    const decision = await sendCase();
    expect(decision).toMatchObject({ route: 'auto', routeReason: 'above_threshold' });
    expect(await getMonitorStatus(harness.db, projectId)).toMatchObject({ isTripped: true, failClosed: false, isFailingClosed: false });
    await setDecisionPolicy(harness.db, projectId, { failClosed: true });
    expect((await sendCase()).routeReason).toBe('monitor_tripped');
  });

  it('a reset with a reason restarts the test from nothing and lets the model decide again', async () => {
    await expect(resetMonitor(harness.db, owner, projectId, '   ')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await resetMonitor(harness.db, owner, projectId, 'Retrained on the new sender list; <b>checked</b> by hand');
    expect(await monitorRow()).toMatchObject({ audits: 0, errors: 0, evidence: 1, state: {}, trippedAt: null, trippedReason: null, resetBy: owner.userId, resetAt: expect.any(Date) });
    const history = await listMonitorHistory(harness.db, projectId);
    expect(history.map((entry) => entry.kind)).toEqual(['reset', 'tripped']);
    expect(history[0]).toMatchObject({ actorName: 'Owner', reason: 'Retrained on the new sender list; <b>checked</b> by hand', audits: 7, errors: 7 });
    const decision = await sendCase();
    expect(decision).toMatchObject({ route: 'auto', routeReason: 'above_threshold' });
    // Only a tripped monitor is reset: restarting a running test when its evidence climbs would void it.
    await expect(resetMonitor(harness.db, owner, projectId, 'again')).rejects.toMatchObject({ code: 'CONFLICT' });
    // The new test counts from its start: one correct audit, no bet placed yet (p̂ = α).
    await answerDecision(harness.db, { actor: reviewer, role: 'reviewer' }, projectId, { decisionId: decision.id, answer: 'approve', inputHash: decision.inputHash });
    expect(await monitorRow()).toMatchObject({ audits: 1, errors: 0, evidence: 1 });
  });

  it('does not count audits of decisions made under another certificate', async () => {
    const underOld = await sendCase();
    expect(underOld.certificate).toMatchObject({ certificateId });
    // The real approval: it retires the certificate in force and starts the monitor over on the new one.
    const newCertificateId = await proposeCertificate(0.5);
    await approveCertificate(harness.db, owner, projectId, newCertificateId, 'Recertified');
    expect(await monitorRow()).toMatchObject({ certificateId: newCertificateId, audits: 0, errors: 0, evidence: 1, trippedAt: null });
    expect(await getMonitorStatus(harness.db, projectId)).toMatchObject({ monitor: { resetAt: null, resetByName: null } });
    await auditAsWrong(underOld);
    expect(await monitorRow()).toMatchObject({ certificateId: newCertificateId, audits: 0, errors: 0 });
    const underNew = await sendCase();
    expect(underNew.certificate).toMatchObject({ certificateId: newCertificateId });
    await auditAsWrong(underNew);
    expect(await monitorRow()).toMatchObject({ certificateId: newCertificateId, audits: 1, errors: 1 });
  });

  it('starts the monitor at the first audit when the approval did not', async () => {
    await harness.db.delete(decisionMonitors).where(eq(decisionMonitors.projectId, projectId));
    const decision = await sendCase();
    await auditAsWrong(decision);
    expect(await monitorRow()).toMatchObject({ certificateId: decision.certificate!.certificateId, audits: 1, errors: 1, evidence: 1 });
  });

  /** A proposed certificate for the current model (its evidence is placeholder), for approveCertificate to put in force. */
  async function proposeCertificate(threshold: number): Promise<number> {
    const predictor = (await loadCasePredictor(harness.db, projectId))!;
    const row = await insertTestCertificate(harness.db, projectId, {
      modelVersionId: predictor.modelVersionId,
      modelHash: predictor.modelHash,
      gridStep: 0.01,
      threshold,
      coverage: 1,
      calibrationSize: 300,
      calibration: { evalItems: 300, liveCases: 0, from: null, to: null, dataHash: null },
      status: 'proposed',
    });
    return row.id;
  }
});

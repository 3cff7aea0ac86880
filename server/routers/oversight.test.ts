import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, decisionMonitors } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { insertTestCertificate } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { MAX_MONITOR_RESET_REASON_LENGTH } from './oversight.schema';

describe('oversight procedures', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let dataScientist: TActor;
  let reviewer: TActor;
  let annotator: TActor;
  let outsider: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Mona Manager', 'manager');
    dataScientist = await harness.createUser('Dana Scientist');
    reviewer = await harness.createUser('Rita Reviewer');
    annotator = await harness.createUser('Andy Annotator');
    outsider = await harness.createUser('Otto Outsider');
    projectId = (await harness.createProjectAs(manager, 'oversight')).id;
    await harness.addToProject(projectId, dataScientist, 'data_scientist');
    await harness.addToProject(projectId, reviewer, 'reviewer');
    await harness.addToProject(projectId, annotator, 'annotator');
    const certificate = await insertTestCertificate(harness.db, projectId, { modelHash: 'model', gridStep: 0.01, threshold: 0.9, status: 'approved', approvedAt: new Date() });
    await harness.db.insert(decisionMonitors).values({ projectId, certificateId: certificate.id, audits: 6, errors: 6, evidence: 63, trippedAt: new Date(), trippedReason: 'six of six wrong' });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('shows the monitor and the dashboard to everyone who sees decisions, and to no one else', async () => {
    const status = await harness.callerFor(reviewer).oversight.status({ projectId });
    expect(status).toMatchObject({ isTripped: true, isFailingClosed: true, monitor: { audits: 6, trippedReason: 'six of six wrong' } });
    const dashboard = await harness.callerFor(reviewer).oversight.dashboard({ projectId });
    expect(dashboard.days).toHaveLength(30);
    expect(await harness.callerFor(dataScientist).oversight.dashboard({ projectId, days: 7 })).toMatchObject({ days: expect.any(Array) });
    await expect(harness.callerFor(annotator).oversight.status({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(outsider).oversight.dashboard({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(null).oversight.status({ projectId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(harness.callerFor(reviewer).oversight.dashboard({ projectId, days: 91 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lets a data scientist or manager reset a tripped monitor with a bounded reason; a reviewer may not', async () => {
    await expect(harness.callerFor(reviewer).oversight.reset({ projectId, reason: 'looks fine to me' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(outsider).oversight.reset({ projectId, reason: 'looks fine to me' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(dataScientist).oversight.reset({ projectId, reason: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(harness.callerFor(dataScientist).oversight.reset({ projectId, reason: 'x'.repeat(MAX_MONITOR_RESET_REASON_LENGTH + 1) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await harness.callerFor(reviewer).oversight.status({ projectId })).isTripped).toBe(true);

    await harness.callerFor(dataScientist).oversight.reset({ projectId, reason: 'New model version certified' });
    const status = await harness.callerFor(reviewer).oversight.status({ projectId });
    expect(status).toMatchObject({ isTripped: false, monitor: { audits: 0, errors: 0, evidence: 1, resetByName: 'Dana Scientist' } });
    const [event] = await harness.db.select().from(auditEvents).where(eq(auditEvents.action, 'decision.monitor.reset'));
    expect(event).toMatchObject({ actorId: dataScientist.userId, actorType: 'user', projectId, after: { reason: 'New model version certified' } });
    const { history } = await harness.callerFor(reviewer).oversight.dashboard({ projectId });
    expect(history).toEqual([expect.objectContaining({ kind: 'reset', actorName: 'Dana Scientist', reason: 'New model version certified', audits: 6, errors: 6 })]);
    // Nothing left to reset: the manager is told so, as a conflict, not an internal error.
    await expect(harness.callerFor(manager).oversight.reset({ projectId, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'The monitor has not tripped: there is nothing to reset' });
  });
});

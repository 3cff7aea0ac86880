import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { routeCase, ZDecisionPolicy } from './decision-policy';
import { loadDecisionPolicy } from './load-decision-policy';
import { setDecisionStop, updateDecisionPolicy, ZDecisionPolicyInput } from './update-decision-policy';

describe('decision policy and stop switch', () => {
  let harness: TTestHarness;
  let projectId: number;
  let owner: Awaited<ReturnType<TTestHarness['createUser']>>;
  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    projectId = (await harness.createProjectAs(owner, 'policy')).id;
  });
  afterAll(() => harness.close());

  const auditsOf = (action: string) => harness.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, action)));

  it('stores the edited policy in the project settings, audited with before and after, and refuses labels outside the label set', async () => {
    const input = ZDecisionPolicyInput.parse({ blindShare: 0.25, auditShare: 0.05, highStakesLabels: ['negative'], highStakesApprovals: 3, blindReview: true, deadlineAction: 'escalate' });
    const after = await updateDecisionPolicy(harness.db, owner, projectId, input);
    expect(after).toMatchObject({ blindShare: 0.25, highStakesApprovals: 3, blindReview: true, deadlineAction: 'escalate', stopped: false });
    expect(await loadDecisionPolicy(harness.db, projectId)).toEqual(after);
    const [audit] = await auditsOf('decision.policy.update');
    expect(audit).toMatchObject({ actorId: owner.userId, before: { decisionPolicy: { blindShare: 0 } }, after: { decisionPolicy: { blindShare: 0.25 } } });
    await expect(updateDecisionPolicy(harness.db, owner, projectId, { ...input, escalateLabels: ['maybe'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(ZDecisionPolicyInput.safeParse({ deadlineAction: 'model' }).success).toBe(false);
    expect(ZDecisionPolicyInput.safeParse({ deadlineAction: 'model', deadlineThreshold: 0.7 }).success).toBe(true);
  });

  it('the stop switch sends every new case to people at once, is audited, survives policy edits, and is released', async () => {
    const confident = { prediction: { label: 'positive', probability: 0.99 }, metadata: {}, payloadBytes: 10, certificate: { id: 1, form: 'error' as const, threshold: 0.9, labelThresholds: null }, isMonitorTripped: false };
    expect(routeCase(await loadDecisionPolicy(harness.db, projectId), confident, () => 0.5).route).toBe('auto');
    await setDecisionStop(harness.db, owner, projectId, true);
    const stopped = await loadDecisionPolicy(harness.db, projectId);
    expect(routeCase(stopped, confident, () => 0.5)).toEqual({ route: 'human', reason: 'stopped', sampled: false, audit: false });
    expect(await auditsOf('decision.stop')).toMatchObject([{ before: { decisionPolicy: { stopped: false } }, after: { decisionPolicy: { stopped: true } } }]);
    // Editing the policy while stopped does not release the switch.
    const { stopped: _stopped, ...rest } = stopped;
    await updateDecisionPolicy(harness.db, owner, projectId, { ...rest, goldShare: 0.1 });
    expect((await loadDecisionPolicy(harness.db, projectId)).stopped).toBe(true);
    await setDecisionStop(harness.db, owner, projectId, false);
    expect(routeCase(await loadDecisionPolicy(harness.db, projectId), confident, () => 0.5).route).toBe('auto');
    expect(await auditsOf('decision.resume')).toHaveLength(1);
    expect(ZDecisionPolicy.parse(await loadDecisionPolicy(harness.db, projectId)).goldShare).toBe(0.1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDecision } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { listDecisionQueue } from './list-decision-queue';

describe('reviewers’ decision queue', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('puts breached deadlines first (longest overdue first), then the nearest deadline, then cases without one by age, audits after them', async () => {
    const owner = await harness.createUser('Owner', 'admin');
    const { id: projectId } = await harness.createProjectAs(owner, 'queue-order');
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    const oldNoDeadline = await insertDecision(harness.db, projectId, { createdAt: minutes(-120) });
    const audit = await insertDecision(harness.db, projectId, { status: 'decided', route: 'auto', audit: true, label: 'positive', routeReason: 'above_threshold', createdAt: minutes(-300) });
    const later = await insertDecision(harness.db, projectId, { deadline: minutes(90) });
    const soon = await insertDecision(harness.db, projectId, { deadline: minutes(5) });
    const breached = await insertDecision(harness.db, projectId, { deadline: minutes(-1) });
    const longBreached = await insertDecision(harness.db, projectId, { deadline: minutes(-30) });
    const newNoDeadline = await insertDecision(harness.db, projectId, { createdAt: minutes(-1) });
    await insertDecision(harness.db, projectId, { status: 'decided', route: 'auto', label: 'positive', routeReason: 'above_threshold' });
    await insertDecision(harness.db, projectId, { status: 'rejected', deadline: minutes(-50) });

    const queue = await listDecisionQueue(harness.db, projectId, { userId: owner.userId, role: 'admin' });
    expect(queue.entries.map((entry) => entry.id)).toEqual([longBreached.id, breached.id, soon.id, later.id, oldNoDeadline.id, newNoDeadline.id, audit.id]);
    expect(queue.total).toBe(7);
    expect(queue.entries.map((entry) => entry.isBreached)).toEqual([true, true, false, false, false, false, false]);
    expect(queue.entries.at(-1)).toMatchObject({ reason: 'audit' });
    expect(queue.entries[0]).toMatchObject({
      reason: 'pending',
      suggestion: { label: 'positive', probability: expect.closeTo(0.6, 5) },
      routeReason: 'below_threshold',
      routeReasonText: expect.stringContaining('below the threshold certified'),
      approvals: 0,
      requiredApprovals: 1,
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionReviews } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { TProjectRole } from '@/server/auth/roles';
import { insertDecision } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';

describe('decisionReviewers router', () => {
  let harness: TTestHarness;
  let projectId: number;
  const members = new Map<TProjectRole, TActor>();
  let outsider: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    const owner = await harness.createUser('Owner', 'admin');
    projectId = (await harness.createProjectAs(owner, 'reviewers-router')).id;
    for (const role of ['annotator', 'reviewer', 'data_scientist', 'manager'] as const) {
      const actor = await harness.createUser(role);
      await harness.addToProject(projectId, actor, role);
      members.set(role, actor);
    }
    outsider = await harness.createUser('Outsider');
    const reviewer = members.get('reviewer')!;
    const check = await insertDecision(harness.db, projectId, { goldLabel: 'negative', status: 'decided', label: 'negative' });
    await harness.db.insert(decisionReviews).values({ decisionId: check.id, reviewerId: reviewer.userId, answer: 'override', label: 'negative', reason: 'x', inputHash: check.inputHash, suggestionShown: true });
  });
  afterAll(() => harness.close());

  it('is for the people who set the policy: managers and data scientists, not reviewers, annotators or outsiders', async () => {
    for (const role of ['manager', 'data_scientist'] as const) {
      const report = await harness.callerFor(members.get(role)!).decisionReviewers.reliance({ projectId });
      expect(report.reviewers).toMatchObject([{ name: 'reviewer', gold: { answered: 1, accuracy: { k: 1, n: 1 } } }]);
    }
    for (const role of ['reviewer', 'annotator'] as const) {
      await expect(harness.callerFor(members.get(role)!).decisionReviewers.reliance({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(harness.callerFor(outsider).decisionReviewers.reliance({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(null).decisionReviewers.reliance({ projectId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('bounds the window to whole days between 1 and 365', async () => {
    const caller = harness.callerFor(members.get('manager')!);
    expect((await caller.decisionReviewers.reliance({ projectId })).days).toBe(90);
    expect((await caller.decisionReviewers.reliance({ projectId, days: 365 })).days).toBe(365);
    for (const days of [0, 366, 2.5]) await expect(caller.decisionReviewers.reliance({ projectId, days })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { insertDecision } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';

describe('decisions router', () => {
  let harness: TTestHarness;
  let projectId: number;
  let reviewer: TActor;
  let scientist: TActor;
  let annotator: TActor;
  beforeAll(async () => {
    harness = await createTestHarness();
    const owner = await harness.createUser('Owner', 'admin');
    projectId = (await harness.createProjectAs(owner, 'decisions-router')).id;
    reviewer = await harness.createUser('Rita');
    scientist = await harness.createUser('Sam');
    annotator = await harness.createUser('Andy');
    await harness.addToProject(projectId, reviewer, 'reviewer');
    await harness.addToProject(projectId, scientist, 'data_scientist');
    await harness.addToProject(projectId, annotator, 'annotator');
  });
  afterAll(() => harness.close());

  it('blind review hides the suggestion from what the procedures return, not only from the screen', async () => {
    const row = await insertDecision(harness.db, projectId, { predictedLabel: 'negative', probability: 0.734, probabilities: { negative: 0.734, positive: 0.266 } });
    const asReviewer = harness.callerFor(reviewer);
    const shown = await asReviewer.decisions.case({ projectId, decisionId: row.id });
    expect(shown.suggestion).toMatchObject({ label: 'negative' });

    const policy = await harness.callerFor(scientist).decisions.policy({ projectId });
    const { stopped: _stopped, ...editable } = policy;
    await harness.callerFor(scientist).decisions.updatePolicy({ projectId, policy: { ...editable, blindReview: true } });
    const [queue, hidden] = await Promise.all([asReviewer.decisions.queue({ projectId }), asReviewer.decisions.case({ projectId, decisionId: row.id })]);
    expect(hidden).toMatchObject({ isBlind: true, suggestion: null });
    for (const output of [queue, hidden]) {
      expect(JSON.stringify(output)).not.toContain('0.734');
      expect(JSON.stringify(output)).not.toContain('"negative"');
    }
    const answered = await asReviewer.decisions.answer({ projectId, decisionId: row.id, inputHash: hidden.inputHash, answer: 'approve', label: 'positive' });
    expect(answered.decision).toMatchObject({ status: 'decided', label: 'positive' });
  });

  it('reviewers cannot change the policy, data scientists cannot answer, annotators see no decision at all', async () => {
    const row = await insertDecision(harness.db, projectId);
    await expect(harness.callerFor(reviewer).decisions.setStopped({ projectId, stopped: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(scientist).decisions.answer({ projectId, decisionId: row.id, inputHash: row.inputHash, answer: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const asAnnotator = harness.callerFor(annotator);
    await expect(asAnnotator.decisions.queue({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asAnnotator.decisions.case({ projectId, decisionId: row.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asAnnotator.decisions.policy({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(reviewer).decisions.case({ projectId, decisionId: 'dec_missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, items, modelVersions, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { decideItem, listReviewQueue } from '@/server/services/review/review';
import { addReviewTask } from '@/server/services/review/review-tasks';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItems } from '@/server/testing/learning-fixtures';
import { getLabelIds, seedItems } from '@/server/testing/queue-fixtures';
import type { TCompute } from './compute';
import { rescorePool } from './rescore-pool';

/**
 * A compute side whose model gives each text the probabilities the test chose (class order spam, ham),
 * so a version's opinion of every item is fixed without training anything.
 */
function createScriptedCompute(opinions: Map<string, [number, number]>): TCompute {
  const refuse = () => Promise.reject(new Error('not used by these tests'));
  return {
    describeBackend: () => Promise.resolve({ backend: 'scripted' }),
    train: refuse,
    openScorer: refuse,
    score: (_sessionId, items) => {
      const texts = items as string[];
      const probs = new Float32Array(texts.length * 2);
      texts.forEach((text, i) => probs.set(opinions.get(text) ?? [0.5, 0.5], i * 2));
      return Promise.resolve({ probs, scores: new Float32Array(texts.length) });
    },
    selectDiverse: refuse,
    selectColdStartBatch: refuse,
    selectRepresentatives: refuse,
    closeScorer: () => Promise.resolve(),
    simulate: refuse,
    simulateTask: refuse,
    trainSpanTagger: refuse,
    openSpanScorer: refuse,
    scoreSpans: refuse,
    simulateSpans: refuse,
    trainMultilabel: refuse,
    openMultilabelScorer: refuse,
    simulateMultilabel: refuse,
    close: () => Promise.resolve(),
  };
}

describe('model review flags across versions', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let reviewer: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    reviewer = await harness.createUser('Rita Reviewer');
  });
  afterAll(() => harness.close());

  async function createVersion(projectId: number, version: number): Promise<number> {
    const [row] = await harness.db
      .insert(modelVersions)
      .values({ projectId, version, status: 'ready', kind: 'logreg', strategy: 'random' })
      .returning({ id: modelVersions.id });
    return row!.id;
  }

  async function taskOf(itemId: number) {
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId));
    return task!;
  }

  async function statusOf(itemId: number) {
    const [item] = await harness.db.select({ status: items.status }).from(items).where(eq(items.id, itemId));
    return item!.status;
  }

  it('withdraws a flag of v1 once v2 agrees with the final label, keeping decisions and flags v2 still backs', async () => {
    const projectId = (await harness.createProjectAs(owner, 'stale-flags', ['spam', 'ham'])).id;
    await harness.addToProject(projectId, reviewer, 'reviewer');
    const [spam, ham] = (await getLabelIds(harness.db, projectId)) as [number, number];
    const texts = ['agrees later', 'decided by a reviewer', 'still disagrees', 'also audited'];
    const [agreesLater, decided, stillDisagrees, audited] = (await seedItems(harness.db, projectId, texts.map((text) => ({ text })))) as [number, number, number, number];
    await labelItems(harness.db, [agreesLater, decided, stillDisagrees, audited].map((id) => ({ id, labelId: ham })));
    await addReviewTask(harness.db, { projectId, itemId: audited, reason: 'audit' });

    const opinions = new Map<string, [number, number]>();
    const compute = createScriptedCompute(opinions);
    const rescore = (versionId: number) =>
      rescorePool(harness.db, compute, {
        projectId,
        versionId,
        sessionId: 'scripted',
        settings: parseProjectSettings({ samplingStrategy: 'random' }),
        classLabelIds: [spam, ham],
        labelCountsPerClass: [0, 4],
        trainedItemIds: new Set(),
        seed: 1,
      });

    // v1 is sure every one of them is spam: four "model disagrees" flags.
    for (const text of texts) opinions.set(text, [0.96, 0.04]);
    const v1 = await createVersion(projectId, 1);
    expect((await rescore(v1)).modelDisagreements).toBe(4);
    await decideItem(harness.db, reviewer, { projectId, itemId: decided, labelId: ham });

    // v2 predicts the final label (59%) for two of them and still disagrees with one.
    opinions.set('agrees later', [0.41, 0.59]);
    opinions.set('also audited', [0.3, 0.7]);
    opinions.set('decided by a reviewer', [0.2, 0.8]);
    const v2 = await createVersion(projectId, 2);
    const result = await rescore(v2);

    expect(await taskOf(agreesLater)).toMatchObject({ status: 'dismissed', resolvedBy: null });
    expect(await statusOf(agreesLater)).toBe('labeled');
    expect(result.modelFlagsWithdrawn).toBe(2);
    // The reviewer's decision on v1's flag stands as made.
    expect(await taskOf(decided)).toMatchObject({ status: 'resolved', resolvedBy: reviewer.userId });
    expect(await statusOf(decided)).toBe('reviewed');
    // v2 backs this one (96% spam): it stays, with v1's details.
    expect(await taskOf(stillDisagrees)).toMatchObject({ status: 'open', details: expect.objectContaining({ modelVersionId: v1 }) });
    // The audit still keeps the other item in review.
    const auditedTasks = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, audited));
    expect(auditedTasks.map((task) => [task.reason, task.status]).sort()).toEqual([
      ['audit', 'open'],
      ['model_disagrees', 'dismissed'],
    ]);
    expect(await statusOf(audited)).toBe('in_review');

    const queue = await listReviewQueue(harness.db, projectId);
    // Oldest first: the audit was raised before v1 scored.
    expect(queue.entries.map((entry) => [entry.itemId, entry.reasons])).toEqual([
      [audited, ['audit']],
      [stillDisagrees, ['model_disagrees']],
    ]);

    const withdrawals = (await harness.db.select().from(auditEvents).where(eq(auditEvents.projectId, projectId))).filter(
      (event) => event.action === 'review.task.withdraw',
    );
    expect(withdrawals.map((event) => Number(event.subjectId)).sort()).toEqual([agreesLater, audited].sort());
    expect(withdrawals.find((event) => Number(event.subjectId) === agreesLater)).toMatchObject({
      actorType: 'system',
      before: expect.objectContaining({ status: 'open', details: expect.objectContaining({ modelVersionId: v1 }) }),
      after: expect.objectContaining({ status: 'dismissed', modelVersionId: v2, prediction: { labelId: ham, score: 0.59 }, itemStatus: 'labeled' }),
    });

    // Scoring v2 again (a retried job) withdraws nothing more and never its own flags.
    expect((await rescore(v2)).modelFlagsWithdrawn).toBe(0);
    expect(await taskOf(stillDisagrees)).toMatchObject({ status: 'open' });
  });
});

import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, items, predictions, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { acceptFinalLabels, decideItem, listReviewQueue } from './review';
import { addReviewTask } from './review-tasks';

describe('review queue filter and bulk accept', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let reviewer: TActor;
  let ann: TActor;
  let bob: TActor;
  let projectCount = 0;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    reviewer = await harness.createUser('Rita Reviewer');
    ann = await harness.createUser('Ann');
    bob = await harness.createUser('Bob');
  });
  afterAll(() => harness.close());

  /**
   * An overlap-2 project with: two agreed items sent to a random audit (the model agrees with one,
   * not the other), one disagreement, and one agreed item a model flagged.
   */
  async function waitingItems() {
    const project = await harness.createProjectAs(owner, `accept-${++projectCount}`, ['spam', 'ham']);
    await harness.addToProject(project.id, reviewer, 'reviewer');
    for (const annotator of [ann, bob]) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, overlap: 2 });
    const projectId = project.id;
    const [spam, ham] = (await getLabelIds(harness.db, projectId)) as [number, number];
    const [audited, auditedModelDiffers, disputed, flagged] = (await seedItems(harness.db, projectId, [{}, {}, {}, {}])) as [number, number, number, number];
    const both = async (itemId: number, first: number, second: number, audit: boolean) => {
      const random = () => (audit ? 0 : 1);
      await submitAnnotation(harness.db, ann, { projectId, itemId, labelId: first, clientId: randomUUID(), random });
      await submitAnnotation(harness.db, bob, { projectId, itemId, labelId: second, clientId: randomUUID(), random });
    };
    await setQueueSettings(harness.db, projectId, { auditRate: 0.5 });
    await both(audited, spam, spam, true);
    await both(auditedModelDiffers, ham, ham, true);
    await both(disputed, spam, ham, false);
    await both(flagged, ham, ham, false);
    await addReviewTask(harness.db, { projectId, itemId: flagged, reason: 'model_disagrees' });
    await harness.db.insert(predictions).values([
      { projectId, itemId: audited, labelId: spam, score: 0.97, externalModelVersion: 'v1' },
      { projectId, itemId: auditedModelDiffers, labelId: spam, score: 0.8, externalModelVersion: 'v1' },
      { projectId, itemId: flagged, labelId: spam, score: 0.95, externalModelVersion: 'v1' },
    ]);
    return { projectId, spam, ham, audited, auditedModelDiffers, disputed, flagged };
  }

  it('filters the queue by reason, counts each reason, and shows final label and prediction', async () => {
    const { projectId, spam, ham, audited, auditedModelDiffers, disputed, flagged } = await waitingItems();
    const all = await listReviewQueue(harness.db, projectId);
    expect(all.total).toBe(4);
    expect(all.countsByReason).toEqual({ audit: 2, disagreement: 1, model_disagrees: 1 });
    expect(all.entries.map((entry) => [entry.itemId, entry.finalLabelId, entry.prediction?.labelId ?? null])).toEqual([
      [audited, spam, spam],
      [auditedModelDiffers, ham, spam],
      [disputed, null, null],
      [flagged, ham, spam],
    ]);
    const audits = await listReviewQueue(harness.db, projectId, { reason: 'audit' });
    expect(audits.total).toBe(2);
    expect(audits.entries.map((entry) => entry.itemId)).toEqual([audited, auditedModelDiffers]);
    // Counts stay those of the whole queue, so the other filters still show what they hold.
    expect(audits.countsByReason).toEqual(all.countsByReason);
    expect((await listReviewQueue(harness.db, projectId, { reason: 'gold_miss' })).entries).toEqual([]);
  });

  it('accepts several final labels, one decision and one audit event each, and leaves changed items alone', async () => {
    const { projectId, spam, ham, audited, auditedModelDiffers, disputed, flagged } = await waitingItems();
    // Someone else decided this one after the reviewer saw it: its final label is no longer ham.
    await decideItem(harness.db, owner, { projectId, itemId: auditedModelDiffers, labelId: spam });
    const result = await acceptFinalLabels(harness.db, reviewer, {
      projectId,
      items: [
        { itemId: audited, labelId: spam },
        { itemId: auditedModelDiffers, labelId: ham },
        { itemId: flagged, labelId: ham },
        { itemId: disputed, labelId: spam },
      ],
    });
    expect(result.accepted).toEqual([audited, flagged]);
    expect(result.skipped).toEqual([
      { itemId: auditedModelDiffers, reason: 'The final label of this item changed since you saw it' },
      { itemId: disputed, reason: 'The final label of this item changed since you saw it' },
    ]);
    const rows = await harness.db.select().from(items).where(inArray(items.id, [audited, flagged, disputed]));
    expect(Object.fromEntries(rows.map((row) => [row.id, [row.status, row.finalLabelId, row.finalSource]]))).toEqual({
      [audited]: ['reviewed', spam, 'review'],
      [flagged]: ['reviewed', ham, 'review'],
      [disputed]: ['in_review', null, null],
    });
    const tasks = await harness.db.select().from(reviewTasks).where(inArray(reviewTasks.itemId, [audited, flagged]));
    expect(tasks.every((task) => task.status === 'resolved' && task.resolvedBy === reviewer.userId)).toBe(true);
    const decisions = await harness.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, 'review.decide'), eq(auditEvents.actorId, reviewer.userId)));
    expect(decisions.map((event) => Number(event.subjectId)).sort()).toEqual([audited, flagged].sort());
    expect(decisions.every((event) => (event.after as { accepted?: boolean; finalSource: string }).accepted === true)).toBe(true);
    // A second accept of the same items changes nothing: they no longer wait.
    const again = await acceptFinalLabels(harness.db, reviewer, { projectId, items: [{ itemId: audited, labelId: spam }] });
    expect(again).toEqual({ accepted: [], skipped: [{ itemId: audited, reason: 'This item no longer waits for a review' }] });
  });

  it('takes bulk accepts from reviewers only, with a clear error for a bad list', async () => {
    const { projectId, spam, audited } = await waitingItems();
    await expect(harness.callerFor(ann).review.acceptMany({ projectId, items: [{ itemId: audited, labelId: spam }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      harness.callerFor(reviewer).review.acceptMany({
        projectId,
        items: [
          { itemId: audited, labelId: spam },
          { itemId: audited, labelId: spam },
        ],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Each item may appear once') });
    await expect(harness.callerFor(reviewer).review.acceptMany({ projectId, items: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await harness.callerFor(reviewer).review.acceptMany({ projectId, items: [{ itemId: audited, labelId: spam }] })).toEqual({ accepted: [audited], skipped: [] });
    expect((await harness.callerFor(reviewer).review.queue({ projectId, reason: 'audit' })).total).toBe(1);
  });
});

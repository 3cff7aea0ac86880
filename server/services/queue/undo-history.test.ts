import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, itemLeases, items, itemSkips, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { decideItem } from '@/server/services/review/review';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { leaseNextItem, skipItem } from './lease-next-item';
import { UNDO_HISTORY_SIZE } from './limits';
import { submitAnnotation } from './submit-annotation';
import { undoSkip } from './undo-skip';
import { undoSubmission } from './undo-submission';

describe('undo history: earlier labels and skips', () => {
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

  async function newProject(settings = {}) {
    const project = await harness.createProjectAs(owner, `undo-${++projectCount}`, ['spam', 'ham']);
    await harness.addToProject(project.id, reviewer, 'reviewer');
    for (const annotator of [ann, bob]) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, ...settings });
    const [spam, ham] = (await getLabelIds(harness.db, project.id)) as [number, number];
    return { projectId: project.id, spam, ham };
  }

  const label = (actor: TActor, projectId: number, itemId: number, labelId: number) =>
    submitAnnotation(harness.db, actor, { projectId, itemId, labelId, clientId: randomUUID() });

  async function itemRow(itemId: number) {
    const [row] = await harness.db.select().from(items).where(eq(items.id, itemId));
    return row!;
  }

  async function holdsLease(actor: TActor, itemId: number) {
    const rows = await harness.db.select().from(itemLeases).where(and(eq(itemLeases.itemId, itemId), eq(itemLeases.annotatorId, actor.userId)));
    return rows.length === 1;
  }

  it('takes back an earlier label of the last ten, leaving the later ones, and refuses older ones', async () => {
    const { projectId, spam, ham } = await newProject();
    const ids = await seedItems(harness.db, projectId, Array.from({ length: UNDO_HISTORY_SIZE + 1 }, () => ({})));
    const stored = [];
    for (const id of ids) stored.push(await label(ann, projectId, id, spam));
    // The oldest of eleven is out of the history.
    await expect(undoSubmission(harness.db, ann, { projectId, annotationId: stored[0]!.annotationId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`last ${UNDO_HISTORY_SIZE}`),
    });
    // The third-newest goes back to Ann; the two after it keep their labels.
    const target = ids.at(-3)!;
    const task = await undoSubmission(harness.db, ann, { projectId, annotationId: stored.at(-3)!.annotationId });
    expect(task.itemId).toBe(target);
    expect(await itemRow(target)).toMatchObject({ status: 'open', annotationCount: 0, finalLabelId: null });
    expect(await holdsLease(ann, target)).toBe(true);
    expect(await itemRow(ids.at(-1)!)).toMatchObject({ status: 'labeled', finalLabelId: spam });
    expect(await itemRow(ids.at(-2)!)).toMatchObject({ status: 'labeled', finalLabelId: spam });
    // Bob is not handed the item Ann holds again, and Ann can label it anew.
    expect(await leaseNextItem(harness.db, bob, { projectId })).toBeNull();
    await label(ann, projectId, target, ham);
    expect(await itemRow(target)).toMatchObject({ status: 'labeled', finalLabelId: ham });
  });

  it('reopens an item a later label of someone else completed, taking back the disagreement it caused', async () => {
    const { projectId, spam, ham } = await newProject({ overlap: 2 });
    const [first, second] = (await seedItems(harness.db, projectId, [{}, {}])) as [number, number];
    const fromAnn = await label(ann, projectId, first, spam);
    await label(ann, projectId, second, spam);
    await label(bob, projectId, first, ham);
    expect((await itemRow(first)).status).toBe('in_review');
    await undoSubmission(harness.db, ann, { projectId, annotationId: fromAnn.annotationId });
    expect(await itemRow(first)).toMatchObject({ status: 'open', annotationCount: 1, finalLabelId: null });
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, first));
    expect(task?.status).toBe('dismissed');
  });

  it('refuses to undo a label once a reviewer decided its item or judged it', async () => {
    const { projectId, spam, ham } = await newProject({ overlap: 2 });
    const [decided, judged] = (await seedItems(harness.db, projectId, [{}, {}])) as [number, number];
    const onDecided = await label(ann, projectId, decided, spam);
    await label(bob, projectId, decided, ham);
    await decideItem(harness.db, reviewer, { projectId, itemId: decided, labelId: ham });
    const onJudged = await label(ann, projectId, judged, spam);
    await harness.db.execute(sql`update annotations set status = 'accepted' where id = ${onJudged.annotationId}`);
    await expect(undoSubmission(harness.db, ann, { projectId, annotationId: onDecided.annotationId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(undoSubmission(harness.db, ann, { projectId, annotationId: onJudged.annotationId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A reviewer has already decided on this label',
    });
    expect(await itemRow(decided)).toMatchObject({ status: 'reviewed', finalLabelId: ham });
  });

  it('takes back a skip: the item comes back to the annotator, leased, and the skip is gone', async () => {
    const { projectId } = await newProject();
    const [itemId, other] = (await seedItems(harness.db, projectId, [{ priority: 0.9 }, { priority: 0.1 }])) as [number, number];
    expect((await leaseNextItem(harness.db, ann, { projectId }))?.itemId).toBe(itemId);
    const skipped = await skipItem(harness.db, ann, { projectId, itemId, reason: 'Unclear or ambiguous' });
    expect(skipped.undoUntil.getTime()).toBeGreaterThan(Date.now());
    expect((await leaseNextItem(harness.db, ann, { projectId }))?.itemId).toBe(other);

    const task = await harness.callerFor(ann).label.undoSkip({ projectId, itemId });
    expect(task).toMatchObject({ itemId, text: expect.any(String) });
    expect(await holdsLease(ann, itemId)).toBe(true);
    expect(await harness.db.select().from(itemSkips).where(eq(itemSkips.itemId, itemId))).toEqual([]);
    // Reserved for Ann again: Bob gets nothing (Ann holds both items).
    expect(await leaseNextItem(harness.db, bob, { projectId })).toBeNull();
    const [event] = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'item.skip.undo'), eq(auditEvents.projectId, projectId)));
    expect(event?.before).toMatchObject({ reason: 'Unclear or ambiguous' });
    // Nothing left to undo the second time.
    await expect(undoSkip(harness.db, ann, { projectId, itemId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps a skip when the item no longer needs the annotator, or when the window is over; only the own skip', async () => {
    const { projectId, spam } = await newProject();
    const [taken, late] = (await seedItems(harness.db, projectId, [{}, {}])) as [number, number];
    await skipItem(harness.db, ann, { projectId, itemId: taken, reason: 'No label fits' });
    await label(bob, projectId, taken, spam);
    await expect(undoSkip(harness.db, ann, { projectId, itemId: taken })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('no longer needs') });
    expect(await harness.db.select().from(itemSkips).where(eq(itemSkips.itemId, taken))).toHaveLength(1);

    await skipItem(harness.db, ann, { projectId, itemId: late, reason: 'No label fits' });
    // Bob never skipped it: there is nothing of his to undo.
    await expect(undoSkip(harness.db, bob, { projectId, itemId: late })).rejects.toMatchObject({ code: 'CONFLICT' });
    await harness.db.execute(sql`update item_skips set created_at = now() - interval '1 hour' where item_id = ${late}`);
    await expect(undoSkip(harness.db, ann, { projectId, itemId: late })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('minutes') });
  });
});

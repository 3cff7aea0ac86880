import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, auditEvents, items, predictions, reviewComments, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { leaseNextItem, skipItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { addReviewComment, decideItem, getReviewItem, listReviewQueue, setAnnotationStatus } from './review';
import { addReviewTask } from './review-tasks';

describe('review', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let reviewer: TActor;
  const annotators: TActor[] = [];
  let projectCount = 0;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    reviewer = await harness.createUser('Rita Reviewer');
    for (const name of ['Ann', 'Bob', 'Cid']) annotators.push(await harness.createUser(name));
  });
  afterAll(() => harness.close());

  const [ann, bob, cid] = [0, 1, 2].map((index) => () => annotators[index] as TActor) as [() => TActor, () => TActor, () => TActor];

  async function newProject(settings = {}) {
    projectCount += 1;
    const project = await harness.createProjectAs(owner, `review-${projectCount}`, ['spam', 'ham']);
    await harness.addToProject(project.id, reviewer, 'reviewer');
    for (const annotator of annotators) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, ...settings });
    const [spam, ham] = (await getLabelIds(harness.db, project.id)) as [number, number];
    return { projectId: project.id, spam, ham };
  }

  const label = (actor: TActor, projectId: number, itemId: number, labelId: number) =>
    submitAnnotation(harness.db, actor, { projectId, itemId, labelId, clientId: randomUUID() });

  async function itemRow(itemId: number) {
    const [row] = await harness.db.select().from(items).where(eq(items.id, itemId));
    if (!row) throw new Error('no item');
    return row;
  }

  /** An overlap-2 item Ann and Bob disagree on. */
  async function disagreement() {
    const project = await newProject({ overlap: 2 });
    const [itemId] = (await seedItems(harness.db, project.projectId, [{ text: 'Win a prize <script>alert(1)</script>' }])) as [number];
    const fromAnn = await label(ann(), project.projectId, itemId, project.spam);
    const fromBob = await label(bob(), project.projectId, itemId, project.ham);
    return { ...project, itemId, fromAnn, fromBob };
  }

  it('adds a review task once per item and reason, for any part of Quorum', async () => {
    const { projectId, spam } = await newProject();
    const [labeled, open] = (await seedItems(harness.db, projectId, [{}, {}])) as [number, number];
    await label(ann(), projectId, labeled, spam);
    expect(await addReviewTask(harness.db, { projectId, itemId: labeled, reason: 'model_disagrees', details: { score: 0.97 } })).toBe(true);
    expect(await addReviewTask(harness.db, { projectId, itemId: labeled, reason: 'model_disagrees' })).toBe(false);
    expect(await addReviewTask(harness.db, { projectId, itemId: labeled, reason: 'likely_mislabeled' })).toBe(true);
    expect((await itemRow(labeled)).status).toBe('in_review');
    // An item still being labeled keeps its place in the annotators' queue.
    expect(await addReviewTask(harness.db, { projectId, itemId: open, reason: 'likely_mislabeled' })).toBe(true);
    expect((await itemRow(open)).status).toBe('open');
    const other = await newProject();
    await expect(addReviewTask(harness.db, { projectId: other.projectId, itemId: labeled, reason: 'manual' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const queue = await listReviewQueue(harness.db, projectId);
    expect(queue.total).toBe(2);
    expect(queue.entries.map((entry) => [entry.itemId, entry.reasons])).toEqual([
      [labeled, ['model_disagrees', 'likely_mislabeled']],
      [open, ['likely_mislabeled']],
    ]);
    const events = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, 'review.task.add')));
    expect(events).toHaveLength(3);
  });

  it('shows the reviewer every annotation, the model prediction, the gold label and the skips', async () => {
    const { projectId, itemId, spam, ham, fromAnn, fromBob } = await disagreement();
    await harness.db.insert(predictions).values({ projectId, itemId, labelId: ham, score: 0.91, externalModelVersion: 'ext-1' });
    await seedItems(harness.db, projectId, [{}]);
    await skipItem(harness.db, cid(), { projectId, itemId, reason: 'No label fits' });
    const view = await getReviewItem(harness.db, projectId, itemId);
    expect(view.item).toMatchObject({ id: itemId, text: 'Win a prize <script>alert(1)</script>', status: 'in_review', finalLabelId: null });
    expect(view.annotations.map((a) => [a.id, a.annotatorName, a.labelId, a.status])).toEqual([
      [fromAnn.annotationId, 'Ann', spam, 'submitted'],
      [fromBob.annotationId, 'Bob', ham, 'submitted'],
    ]);
    expect(view.prediction).toMatchObject({ labelId: ham, externalModelVersion: 'ext-1' });
    expect(view.tasks.map((task) => [task.reason, task.status])).toEqual([['disagreement', 'open']]);
    expect(view.skips).toEqual([expect.objectContaining({ annotatorName: 'Cid', reason: 'No label fits' })]);
    await expect(getReviewItem(harness.db, (await newProject()).projectId, itemId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sets the final label, resolves the tasks, and nothing automatic overrides it afterwards', async () => {
    const { projectId, itemId, ham } = await disagreement();
    const decided = await decideItem(harness.db, reviewer, { projectId, itemId, labelId: ham, comment: 'Newsletter, not spam' });
    expect(decided).toEqual({ itemId, finalLabelId: ham, finalValue: null, tasksResolved: 1 });
    expect(await itemRow(itemId)).toMatchObject({ status: 'reviewed', finalLabelId: ham, finalSource: 'review' });
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId));
    expect(task).toMatchObject({ status: 'resolved', resolvedBy: reviewer.userId });
    const comments = await harness.db.select().from(reviewComments).where(eq(reviewComments.itemId, itemId));
    expect(comments.map((comment) => comment.body)).toEqual(['Newsletter, not spam']);
    const [event] = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'review.decide'), eq(auditEvents.subjectId, String(itemId))));
    expect(event).toMatchObject({ actorId: reviewer.userId, before: { status: 'in_review', finalLabelId: null }, after: { finalLabelId: ham, finalSource: 'review' } });
    expect((await listReviewQueue(harness.db, projectId)).total).toBe(0);
    await expect(decideItem(harness.db, reviewer, { projectId, itemId, labelId: 999_999 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('rejecting an annotation sends the item back to the queue for someone else', async () => {
    const { projectId, itemId, spam, fromBob } = await disagreement();
    const rejected = await setAnnotationStatus(harness.db, reviewer, { projectId, annotationId: fromBob.annotationId, status: 'rejected' });
    expect(rejected).toEqual({ annotationId: fromBob.annotationId, status: 'rejected', itemStatus: 'open' });
    expect(await itemRow(itemId)).toMatchObject({ status: 'open', annotationCount: 1, finalLabelId: null });
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId));
    expect(task?.status).toBe('resolved');
    // Bob never gets it again; Cid does, and agreeing with Ann completes it by consensus.
    expect(await leaseNextItem(harness.db, bob(), { projectId })).toBeNull();
    expect((await leaseNextItem(harness.db, cid(), { projectId }))?.itemId).toBe(itemId);
    await label(cid(), projectId, itemId, spam);
    expect(await itemRow(itemId)).toMatchObject({ status: 'labeled', annotationCount: 2, finalLabelId: spam, finalSource: 'consensus' });
    await expect(setAnnotationStatus(harness.db, reviewer, { projectId, annotationId: fromBob.annotationId, status: 'accepted' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const [stored] = await harness.db.select().from(annotations).where(eq(annotations.id, fromBob.annotationId));
    expect(stored?.status).toBe('rejected');
  });

  it('accepting an annotation is recorded and changes nothing else; a rejection after a decision keeps the decision', async () => {
    const { projectId, itemId, spam, fromAnn, fromBob } = await disagreement();
    await setAnnotationStatus(harness.db, reviewer, { projectId, annotationId: fromAnn.annotationId, status: 'accepted' });
    expect((await itemRow(itemId)).status).toBe('in_review');
    await decideItem(harness.db, reviewer, { projectId, itemId, labelId: spam });
    await setAnnotationStatus(harness.db, reviewer, { projectId, annotationId: fromBob.annotationId, status: 'rejected' });
    expect(await itemRow(itemId)).toMatchObject({ status: 'reviewed', finalLabelId: spam, finalSource: 'review', annotationCount: 1 });
    const actions = (await harness.db.select().from(auditEvents).where(eq(auditEvents.projectId, projectId))).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['annotation.accept', 'review.decide', 'annotation.reject']));
  });

  it('keeps comments and refuses empty ones', async () => {
    const { projectId, itemId } = await disagreement();
    await addReviewComment(harness.db, reviewer, { projectId, itemId, body: '  Ask the team about prizes  ' });
    const view = await getReviewItem(harness.db, projectId, itemId);
    expect(view.comments.map((comment) => [comment.authorName, comment.body])).toEqual([['Rita Reviewer', 'Ask the team about prizes']]);
    await expect(addReviewComment(harness.db, reviewer, { projectId, itemId, body: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lets reviewers see labels through the API while annotators are refused', async () => {
    const { projectId, itemId } = await disagreement();
    const view = await harness.callerFor(reviewer).review.item({ projectId, itemId });
    expect(view.annotations).toHaveLength(2);
    await expect(harness.callerFor(ann()).review.item({ projectId, itemId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(ann()).review.queue({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

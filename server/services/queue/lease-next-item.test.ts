import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, auditEvents, itemLeases, items, itemSkips, predictions, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { leaseNextItem, skipItem } from './lease-next-item';
import { submitAnnotation } from './submit-annotation';
import { undoSubmission } from './undo-submission';
import { getLabelingProgress } from './progress';
import { settleCompletedItems } from './settle-completed-items';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';

describe('annotation queue', () => {
  let harness: TTestHarness;
  let owner: TActor;
  const annotators: TActor[] = [];
  let projectCount = 0;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    for (const name of ['Ann', 'Bob', 'Cid', 'Dee']) annotators.push(await harness.createUser(name));
  });
  afterAll(() => harness.close());

  const ann = () => annotators[0] as TActor;
  const bob = () => annotators[1] as TActor;
  const cid = () => annotators[2] as TActor;

  async function newProject(settings = {}, labels = ['pos', 'neg', 'mixed']) {
    projectCount += 1;
    const project = await harness.createProjectAs(owner, `queue-${projectCount}`, labels);
    for (const annotator of annotators) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, ...settings });
    return { projectId: project.id, labelIds: await getLabelIds(harness.db, project.id) };
  }

  async function label(actor: TActor, projectId: number, itemId: number, labelId: number, extra: { random?: () => number } = {}) {
    return submitAnnotation(harness.db, actor, { projectId, itemId, labelId, clientId: randomUUID(), leadTimeMs: 1200, ...extra });
  }

  async function itemRow(itemId: number) {
    const [row] = await harness.db.select().from(items).where(eq(items.id, itemId));
    if (!row) throw new Error('no item');
    return row;
  }

  it('serves open items by priority, highest first, and never the same item to two annotators', async () => {
    const { projectId } = await newProject();
    const [low, high, mid] = await seedItems(harness.db, projectId, [{ priority: 0.1 }, { priority: 0.9 }, { priority: 0.5 }]);
    const first = await leaseNextItem(harness.db, ann(), { projectId });
    const second = await leaseNextItem(harness.db, bob(), { projectId });
    const third = await leaseNextItem(harness.db, cid(), { projectId });
    expect([first?.itemId, second?.itemId, third?.itemId]).toEqual([high, mid, low]);
    expect(await leaseNextItem(harness.db, annotators[3] as TActor, { projectId })).toBeNull();
  });

  it("shows the text and metadata only: no gold answer, no one else's label", async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{ text: '<img src=x onerror=alert(1)>', metadata: { source: 'mail' }, goldLabelId: labelIds[0] }]);
    const task = await leaseNextItem(harness.db, ann(), { projectId });
    expect(task).toMatchObject({ itemId, text: '<img src=x onerror=alert(1)>', metadata: { source: 'mail' }, suggestion: null });
    expect(Object.keys(task ?? {}).sort()).toEqual(['itemId', 'leaseExpiresAt', 'mediaHash', 'metadata', 'suggestion', 'text']);
  });

  it('resumes the annotator’s own live lease, and prefetches past the item on screen', async () => {
    const { projectId } = await newProject();
    const [a, b, c] = (await seedItems(harness.db, projectId, [{}, {}, {}])) as [number, number, number];
    const current = await leaseNextItem(harness.db, ann(), { projectId });
    expect(current?.itemId).toBe(a);
    // A reload (no exclusions) returns the same item instead of reserving another.
    expect((await leaseNextItem(harness.db, ann(), { projectId }))?.itemId).toBe(a);
    const prefetched = await leaseNextItem(harness.db, ann(), { projectId, excludeItemIds: [a] });
    expect(prefetched?.itemId).toBe(b);
    // Both stay reserved for Ann: Bob gets the third.
    expect((await leaseNextItem(harness.db, bob(), { projectId }))?.itemId).toBe(c);
    const leases = await harness.db.select().from(itemLeases).where(and(eq(itemLeases.annotatorId, ann().userId), eq(itemLeases.projectId, projectId)));
    expect(leases.map((lease) => lease.itemId).sort()).toEqual([a, b].sort());
  });

  it('returns an item whose lease expired to the queue', async () => {
    const { projectId } = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    expect((await leaseNextItem(harness.db, ann(), { projectId }))?.itemId).toBe(itemId);
    expect(await leaseNextItem(harness.db, bob(), { projectId })).toBeNull();
    await harness.db.update(itemLeases).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(itemLeases.itemId, itemId as number));
    expect((await leaseNextItem(harness.db, bob(), { projectId }))?.itemId).toBe(itemId);
  });

  it('never serves an annotator an item they labeled or skipped', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2 });
    const [first, second, third] = await seedItems(harness.db, projectId, [{}, {}, {}]);
    await label(ann(), projectId, first as number, labelIds[0] as number);
    const skipped = await leaseNextItem(harness.db, ann(), { projectId });
    expect(skipped?.itemId).toBe(second);
    await skipItem(harness.db, ann(), { projectId, itemId: second as number, reason: 'Unclear' });
    expect((await leaseNextItem(harness.db, ann(), { projectId }))?.itemId).toBe(third);
    // Bob still gets both: the first needs a second annotator, and Ann's skip is hers alone.
    expect((await leaseNextItem(harness.db, bob(), { projectId }))?.itemId).toBe(first);
    const [skip] = await harness.db.select().from(itemSkips).where(eq(itemSkips.itemId, second as number));
    expect(skip).toMatchObject({ annotatorId: ann().userId, reason: 'Unclear' });
    const again = await skipItem(harness.db, ann(), { projectId, itemId: second as number, reason: 'Unclear' });
    expect(again.isDuplicate).toBe(true);
  });

  it('with overlap 1, a submission sets the single final label and completes the item', async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    const result = await label(ann(), projectId, itemId as number, labelIds[1] as number);
    expect(result).toMatchObject({ itemId, labelId: labelIds[1], isDuplicate: false });
    expect(result.undoUntil.getTime()).toBeGreaterThan(Date.now());
    expect(await itemRow(itemId as number)).toMatchObject({ status: 'labeled', finalLabelId: labelIds[1], finalSource: 'single', annotationCount: 1 });
    expect(await harness.db.select().from(itemLeases).where(eq(itemLeases.itemId, itemId as number))).toEqual([]);
    const [stored] = await harness.db.select().from(annotations).where(eq(annotations.id, result.annotationId));
    expect(stored).toMatchObject({ annotatorId: ann().userId, labelId: labelIds[1], leadTimeMs: 1200, status: 'submitted', source: 'human' });
    const [event] = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'annotation.submit'), eq(auditEvents.subjectId, String(result.annotationId))));
    expect(event?.after).toMatchObject({ itemId, labelId: labelIds[1], item: { status: 'labeled', finalSource: 'single' } });
  });

  it('stores a retried submission once and answers the retry with the stored result', async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId, otherItem] = await seedItems(harness.db, projectId, [{}, {}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    const clientId = randomUUID();
    const input = { projectId, itemId: itemId as number, labelId: labelIds[0] as number, clientId };
    const [one, two] = await Promise.all([submitAnnotation(harness.db, ann(), input), submitAnnotation(harness.db, ann(), input)]);
    const three = await submitAnnotation(harness.db, ann(), input);
    expect(new Set([one.annotationId, two.annotationId, three.annotationId]).size).toBe(1);
    expect([one.isDuplicate, two.isDuplicate].sort()).toEqual([false, true]);
    expect(three.isDuplicate).toBe(true);
    const stored = await harness.db.select().from(annotations).where(eq(annotations.itemId, itemId as number));
    expect(stored).toHaveLength(1);
    expect((await itemRow(itemId as number)).annotationCount).toBe(1);
    // The same id for a different submission, or by someone else, is refused and reveals nothing.
    await expect(submitAnnotation(harness.db, ann(), { ...input, itemId: otherItem as number })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(submitAnnotation(harness.db, bob(), input)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('validates the label, the project, and the lease', async () => {
    const { projectId, labelIds } = await newProject();
    const other = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    const [foreignItem] = await seedItems(harness.db, other.projectId, [{}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    await expect(label(ann(), projectId, itemId as number, other.labelIds[0] as number)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(label(ann(), projectId, foreignItem as number, labelIds[0] as number)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Bob holds no lease and Ann's is live: the item's only slot is taken.
    await expect(label(bob(), projectId, itemId as number, labelIds[0] as number)).rejects.toMatchObject({ code: 'CONFLICT' });
    await label(ann(), projectId, itemId as number, labelIds[0] as number);
    await expect(label(ann(), projectId, itemId as number, labelIds[1] as number)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await harness.db.select().from(annotations).where(eq(annotations.itemId, itemId as number))).toHaveLength(1);
  });

  it('accepts a late submission after the lease expired while the item still needs it', async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    await harness.db.update(itemLeases).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(itemLeases.itemId, itemId as number));
    await expect(label(ann(), projectId, itemId as number, labelIds[0] as number)).resolves.toMatchObject({ itemId });
  });

  it('refuses a late submission once someone else was given the item', async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    await harness.db.update(itemLeases).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(itemLeases.itemId, itemId as number));
    expect((await leaseNextItem(harness.db, bob(), { projectId }))?.itemId).toBe(itemId);
    await expect(label(ann(), projectId, itemId as number, labelIds[0] as number)).rejects.toMatchObject({ code: 'CONFLICT' });
    await label(bob(), projectId, itemId as number, labelIds[0] as number);
    expect((await itemRow(itemId as number)).annotationCount).toBe(1);
  });

  it('with overlap 2, gives each item to two annotators and takes agreement as consensus', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2 });
    const [first, second] = await seedItems(harness.db, projectId, [{}, {}]);
    expect((await leaseNextItem(harness.db, ann(), { projectId }))?.itemId).toBe(first);
    expect((await leaseNextItem(harness.db, bob(), { projectId }))?.itemId).toBe(first);
    // Two live leases fill both slots: the third annotator moves on.
    expect((await leaseNextItem(harness.db, cid(), { projectId }))?.itemId).toBe(second);
    await label(ann(), projectId, first as number, labelIds[2] as number);
    expect(await itemRow(first as number)).toMatchObject({ status: 'open', annotationCount: 1, finalLabelId: null });
    await label(bob(), projectId, first as number, labelIds[2] as number);
    expect(await itemRow(first as number)).toMatchObject({ status: 'labeled', annotationCount: 2, finalLabelId: labelIds[2], finalSource: 'consensus' });
  });

  it('with overlap 2, sends a disagreement to review without a final label', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2 });
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    await leaseNextItem(harness.db, bob(), { projectId });
    await label(ann(), projectId, itemId as number, labelIds[0] as number);
    await label(bob(), projectId, itemId as number, labelIds[1] as number);
    expect(await itemRow(itemId as number)).toMatchObject({ status: 'in_review', finalLabelId: null, finalSource: null, annotationCount: 2 });
    const tasks = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId as number));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ reason: 'disagreement', status: 'open', details: { votes: { [labelIds[0] as number]: 1, [labelIds[1] as number]: 1 } } });
    // It left the queue: nobody else is asked to label it.
    expect(await leaseNextItem(harness.db, cid(), { projectId })).toBeNull();
  });

  it('sends the audit share of completed items to review', async () => {
    const { projectId, labelIds } = await newProject({ auditRate: 0.5 });
    const [audited, passed] = await seedItems(harness.db, projectId, [{}, {}]);
    await label(ann(), projectId, audited as number, labelIds[0] as number, { random: () => 0.2 });
    await label(ann(), projectId, passed as number, labelIds[0] as number, { random: () => 0.8 });
    expect(await itemRow(audited as number)).toMatchObject({ status: 'in_review', finalLabelId: labelIds[0], finalSource: 'single' });
    expect(await itemRow(passed as number)).toMatchObject({ status: 'labeled' });
    const tasks = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.projectId, projectId));
    expect(tasks.map((task) => [task.itemId, task.reason])).toEqual([[audited, 'audit']]);
  });

  it('mixes gold items in at the gold rate, checks the answer, and keeps the known answer as final', async () => {
    const { projectId, labelIds } = await newProject({ goldRate: 0.2 });
    const goldLabel = labelIds[0] as number;
    const [regular, gold] = await seedItems(harness.db, projectId, [{ priority: 0.9 }, { goldLabelId: goldLabel }]);
    // A draw above the gold rate serves the main queue, below it the gold pool.
    expect((await leaseNextItem(harness.db, ann(), { projectId, random: () => 0.5 }))?.itemId).toBe(regular);
    expect((await leaseNextItem(harness.db, bob(), { projectId, random: () => 0.1 }))?.itemId).toBe(gold);
    // Gold items are checks, not capped by overlap: Cid gets it too while Bob holds it.
    expect((await leaseNextItem(harness.db, cid(), { projectId, random: () => 0.1 }))?.itemId).toBe(gold);
    await label(bob(), projectId, gold as number, goldLabel);
    await label(cid(), projectId, gold as number, labelIds[1] as number);
    expect(await itemRow(gold as number)).toMatchObject({ finalLabelId: goldLabel, finalSource: 'gold', status: 'in_review', annotationCount: 2 });
    const tasks = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, gold as number));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ reason: 'gold_miss', details: { labelId: labelIds[1], goldLabelId: goldLabel } });
    // Answered gold is never served to the same person again; with the main queue empty too, Bob is done.
    await label(ann(), projectId, regular as number, goldLabel);
    expect(await leaseNextItem(harness.db, bob(), { projectId, random: () => 0.1 })).toBeNull();
  });

  it('treats gold-labeled items that are not gold checks as ordinary items whose answer stays hidden', async () => {
    const { projectId, labelIds } = await newProject({ goldRate: 0.2 });
    const [known] = await seedItems(harness.db, projectId, [{ priority: 0.9, goldLabelId: labelIds[0] as number, isGoldCheck: false }]);
    // Drawn from the main queue by priority, even on a gold draw (no gold checks exist).
    expect((await leaseNextItem(harness.db, ann(), { projectId, random: () => 0.1 }))?.itemId).toBe(known);
    await label(ann(), projectId, known as number, labelIds[1] as number);
    // Decided by the annotator like any item: no 'gold' source and no gold_miss review.
    expect(await itemRow(known as number)).toMatchObject({ finalLabelId: labelIds[1], finalSource: 'single', status: 'labeled' });
    expect(await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, known as number))).toEqual([]);
  });

  it('serves evaluation items at their share, in random order rather than by priority', async () => {
    const { projectId } = await newProject({ evalFraction: 0.3 });
    const evalItems = await seedItems(harness.db, projectId, Array.from({ length: 6 }, () => ({ isEval: true, priority: 0.99 })));
    const [regular] = await seedItems(harness.db, projectId, [{ priority: 0.1 }]);
    // Never picked by score: the main draw gets the low-priority regular item over the eval items.
    expect((await leaseNextItem(harness.db, ann(), { projectId, random: () => 0.9 }))?.itemId).toBe(regular);
    const served = [];
    for (const [index, annotator] of [bob(), cid(), annotators[3] as TActor].entries()) {
      const walkStart = [0.05, 0.5, 0.95][index] as number;
      const draws = [walkStart, 0.1];
      served.push((await leaseNextItem(harness.db, annotator, { projectId, random: () => draws.shift() ?? 0.1 }))?.itemId);
    }
    expect(served.every((id) => evalItems.includes(id as number))).toBe(true);
    expect(new Set(served).size).toBe(3);
  });

  it('falls back to other pools when the drawn one is empty', async () => {
    const { projectId } = await newProject({ goldRate: 0.5 });
    const [regular] = await seedItems(harness.db, projectId, [{}]);
    expect((await leaseNextItem(harness.db, ann(), { projectId, random: () => 0.1 }))?.itemId).toBe(regular);
  });

  it('shows the latest model prediction only when the project asks for suggestions', async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    await harness.db.insert(predictions).values({ projectId, itemId: itemId as number, labelId: labelIds[1] as number, score: 0.8, externalModelVersion: 'v1' });
    expect((await leaseNextItem(harness.db, ann(), { projectId }))?.suggestion).toBeNull();
    await setQueueSettings(harness.db, projectId, { showModelSuggestion: true });
    expect((await leaseNextItem(harness.db, ann(), { projectId }))?.suggestion).toEqual({ labelId: labelIds[1], score: expect.closeTo(0.8, 5) });
  });

  it('undoes the last submission within the window and gives the item back to the annotator', async () => {
    const { projectId, labelIds } = await newProject();
    const [itemId, nextId] = await seedItems(harness.db, projectId, [{}, {}]);
    await leaseNextItem(harness.db, ann(), { projectId });
    const submitted = await label(ann(), projectId, itemId as number, labelIds[0] as number);
    const task = await undoSubmission(harness.db, ann(), { projectId, annotationId: submitted.annotationId });
    expect(task.itemId).toBe(itemId);
    expect(await itemRow(itemId as number)).toMatchObject({ status: 'open', annotationCount: 0, finalLabelId: null, finalSource: null });
    expect(await harness.db.select().from(annotations).where(eq(annotations.id, submitted.annotationId))).toEqual([]);
    // Reserved for Ann again, so Bob gets the other item.
    expect((await leaseNextItem(harness.db, bob(), { projectId }))?.itemId).toBe(nextId);
    const [event] = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'annotation.undo'), eq(auditEvents.subjectId, String(submitted.annotationId))));
    expect(event?.before).toMatchObject({ itemId, labelId: labelIds[0] });
    // Relabeled, then the undo window is over.
    const again = await label(ann(), projectId, itemId as number, labelIds[1] as number);
    await harness.db.execute(sql`update annotations set created_at = now() - interval '1 hour' where id = ${again.annotationId}`);
    await expect(undoSubmission(harness.db, ann(), { projectId, annotationId: again.annotationId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('only undoes the latest submission, and takes back the review task it caused', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2 });
    const [first, second] = await seedItems(harness.db, projectId, [{}, {}]);
    await label(bob(), projectId, first as number, labelIds[0] as number);
    const earlier = await label(ann(), projectId, first as number, labelIds[1] as number);
    expect((await itemRow(first as number)).status).toBe('in_review');
    await expect(undoSubmission(harness.db, ann(), { projectId, annotationId: earlier.annotationId + 999 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await undoSubmission(harness.db, ann(), { projectId, annotationId: earlier.annotationId });
    expect(await itemRow(first as number)).toMatchObject({ status: 'open', annotationCount: 1 });
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, first as number));
    expect(task?.status).toBe('dismissed');
    expect(second).toBeDefined();
  });

  it('counts the annotator’s progress and what is left', async () => {
    const { projectId, labelIds } = await newProject();
    const ids = await seedItems(harness.db, projectId, [{}, {}, {}, {}]);
    await label(ann(), projectId, ids[0] as number, labelIds[0] as number);
    await label(ann(), projectId, ids[1] as number, labelIds[0] as number);
    await label(bob(), projectId, ids[2] as number, labelIds[0] as number);
    const progress = await getLabelingProgress(harness.db, ann(), { projectId, since: new Date(Date.now() - 3600_000) });
    expect(progress).toEqual({ doneSince: 2, doneTotal: 2, remaining: 1, isRemainingCapped: false });
    const tomorrow = await getLabelingProgress(harness.db, ann(), { projectId, since: new Date(Date.now() + 3600_000) });
    expect(tomorrow.doneSince).toBe(0);
  });

  it('never gives an overlap-1 item to two of many annotators asking at once', async () => {
    const { projectId } = await newProject();
    const crowd = [...annotators];
    for (let i = 0; i < 8; i++) {
      const extra = await harness.createUser(`Crowd ${i}`);
      await harness.addToProject(projectId, extra, 'annotator');
      crowd.push(extra);
    }
    await seedItems(harness.db, projectId, Array.from({ length: 6 }, () => ({})));
    const tasks = await Promise.all(crowd.map((actor) => leaseNextItem(harness.db, actor, { projectId })));
    const served = tasks.flatMap((task) => (task ? [task.itemId] : []));
    expect(served).toHaveLength(6);
    expect(new Set(served).size).toBe(6);
  });

  it('decides items left complete when the overlap is lowered', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2 });
    const [agreed, disputed, fresh] = (await seedItems(harness.db, projectId, [{}, {}, {}])) as [number, number, number];
    await label(ann(), projectId, agreed, labelIds[0] as number);
    await label(ann(), projectId, disputed, labelIds[1] as number);
    expect((await itemRow(agreed)).status).toBe('open');
    await setQueueSettings(harness.db, projectId, { overlap: 1 });
    expect(await settleCompletedItems(harness.db, owner, projectId)).toBe(2);
    expect(await itemRow(agreed)).toMatchObject({ status: 'labeled', finalLabelId: labelIds[0], finalSource: 'single' });
    expect(await itemRow(disputed)).toMatchObject({ status: 'labeled', finalLabelId: labelIds[1], finalSource: 'single' });
    expect(await itemRow(fresh)).toMatchObject({ status: 'open', finalLabelId: null });
    // Nothing left to decide the second time.
    expect(await settleCompletedItems(harness.db, owner, projectId)).toBe(0);
  });
});


import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, auditEvents, itemLeases, items, itemSkips, learningState, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { exchangeLabelBatch } from './label-batch';
import type { TBatchAnswer } from './label-batch-schema';
import { leaseTasks } from './lease-tasks';
import { checkQueueInvariants } from './invariants';
import { loadQueueSettings } from './load-queue-settings';

describe('batched labeling exchange', () => {
  let harness: TTestHarness;
  let owner: TActor;
  const annotators: TActor[] = [];
  let projectCount = 0;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    for (const name of ['Ann', 'Bob', 'Cid']) annotators.push(await harness.createUser(name));
  });
  afterAll(() => harness.close());

  const ann = () => annotators[0] as TActor;
  const bob = () => annotators[1] as TActor;

  async function newProject(settings = {}) {
    projectCount += 1;
    const project = await harness.createProjectAs(owner, `batch-${projectCount}`, ['pos', 'neg']);
    for (const annotator of annotators) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, ...settings });
    return { projectId: project.id, labelIds: await getLabelIds(harness.db, project.id) };
  }

  const labelAnswer = (itemId: number, labelId: number): TBatchAnswer => ({ clientId: randomUUID(), itemId, labelId, leadTimeMs: 900 });

  it('leases a batch by priority, never an item another annotator holds, and resumes the batch after a reload', async () => {
    const { projectId } = await newProject();
    const ids = await seedItems(harness.db, projectId, Array.from({ length: 12 }, (_, index) => ({ priority: 1 - index / 100 })));
    const first = await exchangeLabelBatch(harness.db, ann(), { projectId, answers: [], holdItemIds: [], want: 5 });
    expect(first.tasks.map((task) => task.itemId)).toEqual(ids.slice(0, 5));
    expect(first.results).toEqual([]);
    const second = await exchangeLabelBatch(harness.db, bob(), { projectId, answers: [], holdItemIds: [], want: 5 });
    expect(second.tasks.map((task) => task.itemId)).toEqual(ids.slice(5, 10));
    // A reload: the client holds nothing, and gets its own live leases back (oldest first) before anything new.
    const reload = await exchangeLabelBatch(harness.db, ann(), { projectId, answers: [], holdItemIds: [], want: 7 });
    expect(reload.tasks.map((task) => task.itemId)).toEqual([...ids.slice(0, 5), ...ids.slice(10, 12)]);
    // Holding them all: nothing is left for Ann.
    const held = reload.tasks.map((task) => task.itemId);
    expect((await exchangeLabelBatch(harness.db, ann(), { projectId, answers: [], holdItemIds: held, want: 3 })).tasks).toEqual([]);
  });

  it('stores each answer once across retries, reports refusals without failing the rest, and counts stored labels once for the learning loop', async () => {
    const { projectId, labelIds } = await newProject();
    await seedItems(harness.db, projectId, Array.from({ length: 6 }, () => ({})));
    const [pos, neg] = labelIds as [number, number];
    const { tasks } = await exchangeLabelBatch(harness.db, ann(), { projectId, answers: [], holdItemIds: [], want: 4 });
    const [a, b, c, d] = tasks.map((task) => task.itemId) as [number, number, number, number];
    const answers: TBatchAnswer[] = [
      labelAnswer(a, pos),
      { ...labelAnswer(b, 999_999) },
      labelAnswer(c, neg),
      { clientId: randomUUID(), itemId: d, skipReason: 'No label fits' },
    ];
    const before = await labelsSinceTrigger(projectId);
    const sent = await exchangeLabelBatch(harness.db, ann(), { projectId, answers, holdItemIds: [], want: 2 });
    expect(sent.results.map((result) => [result.itemId, result.status])).toEqual([
      [a, 'stored'],
      [b, 'refused'],
      [c, 'stored'],
      [d, 'stored'],
    ]);
    expect(sent.results[1]).toMatchObject({ code: 'BAD_REQUEST' });
    // The answered and skipped items are not handed out again; the refused one is still Ann's to answer, held by her client.
    expect(sent.tasks.map((task) => task.itemId).filter((id) => [a, b, c, d].includes(id))).toEqual([]);
    expect(await labelsSinceTrigger(projectId)).toBe(before + 2);

    // The response was lost: the same exchange again stores nothing twice and counts nothing twice.
    const retried = await exchangeLabelBatch(harness.db, ann(), { projectId, answers, holdItemIds: sent.tasks.map((task) => task.itemId), want: 0 });
    expect(retried.results.map((result) => (result.status === 'stored' ? result.isDuplicate : result.code))).toEqual([true, 'BAD_REQUEST', true, true]);
    expect(retried.results[0]).toMatchObject({ annotationId: (sent.results[0] as { annotationId: number }).annotationId });
    expect(await labelsSinceTrigger(projectId)).toBe(before + 2);
    const stored = await harness.db.select().from(annotations).where(inArray(annotations.clientId, answers.map((answer) => answer.clientId)));
    expect(stored.map((row) => row.itemId).sort()).toEqual([a, c].sort());
    const skips = await harness.db.select().from(itemSkips).where(and(eq(itemSkips.itemId, d), eq(itemSkips.annotatorId, ann().userId)));
    expect(skips).toHaveLength(1);
    // Answered items' leases are freed with the answer.
    const leases = await harness.db.select().from(itemLeases).where(and(inArray(itemLeases.itemId, [a, c, d]), eq(itemLeases.annotatorId, ann().userId)));
    expect(leases).toEqual([]);
  });

  it('draws every task of a batch from the pools at the same shares as single tasks', async () => {
    const { projectId, labelIds } = await newProject({ goldRate: 0.2, evalFraction: 0.3 });
    const gold = await seedItems(harness.db, projectId, Array.from({ length: 40 }, () => ({ goldLabelId: labelIds[0] as number })));
    const evaluation = await seedItems(harness.db, projectId, Array.from({ length: 40 }, () => ({ isEval: true })));
    await seedItems(harness.db, projectId, Array.from({ length: 40 }, () => ({})));
    // A fixed sequence: the walk's start, then the draws 0.1 (gold), 0.3 (eval), 0.9 (main), …
    const draws = [0.5, 0.1, 0.3, 0.9, 0.6, 0.05, 0.45, 0.95, 0.7, 0.15, 0.35];
    let next = 0;
    const random = () => (next < draws.length ? (draws[next++] as number) : 0.5);
    const tasks = await leaseTasks(harness.db, annotators[2] as TActor, { projectId, count: draws.length - 1, random });
    const poolOf = (itemId: number) => (gold.includes(itemId) ? 'gold' : evaluation.includes(itemId) ? 'eval' : 'main');
    expect(tasks.map((task) => poolOf(task.itemId))).toEqual(['gold', 'eval', 'main', 'main', 'gold', 'eval', 'main', 'main', 'gold', 'eval']);
  });

  it('falls back to the other pools when the drawn one runs out, and keeps overlap under concurrent batches', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2, overlapShare: 1, goldRate: 0.5, evalFraction: 0 });
    const main = await seedItems(harness.db, projectId, Array.from({ length: 9 }, () => ({})));
    const settings = await loadQueueSettings(harness.db, projectId);
    // No gold items: every draw lands in the main pool. Three annotators at once, batches of 4, until nothing is left.
    const acknowledged: string[] = [];
    await Promise.all(
      annotators.map(async (actor) => {
        let answers: TBatchAnswer[] = [];
        for (let round = 0; round < 20; round++) {
          const { tasks, results } = await exchangeLabelBatch(harness.db, actor, { projectId, answers, holdItemIds: [], want: 4 });
          acknowledged.push(...results.filter((result) => result.status === 'stored').map((result) => result.clientId));
          if (tasks.length === 0 && answers.length === 0) break;
          answers = tasks.map((task) => labelAnswer(task.itemId, labelIds[round % 2] as number));
        }
      }),
    );
    expect(await checkQueueInvariants(harness.db, projectId, settings)).toEqual({ itemsOverOverlap: 0, duplicateAnnotatorItems: 0, countMismatches: 0, completeButOpen: 0, labeledWithoutFinal: 0 });
    const counts = await harness.db.select({ n: items.annotationCount }).from(items).where(inArray(items.id, main));
    expect(counts.map((row) => row.n)).toEqual(main.map(() => 2));
    expect(new Set(acknowledged).size).toBe(main.length * 2);
  });

  it('applies the review rules to batched answers as to single ones: audits, disagreements, and answers after an expired lease', async () => {
    const { projectId, labelIds } = await newProject({ overlap: 2, overlapShare: 1, auditRate: 0 });
    const [pos, neg] = labelIds as [number, number];
    const ids = await seedItems(harness.db, projectId, Array.from({ length: 3 }, () => ({})));
    const annsTasks = (await exchangeLabelBatch(harness.db, ann(), { projectId, answers: [], holdItemIds: [], want: 3 })).tasks;
    const bobsTasks = (await exchangeLabelBatch(harness.db, bob(), { projectId, answers: [], holdItemIds: [], want: 3 })).tasks;
    expect(annsTasks.map((task) => task.itemId)).toEqual(ids);
    expect(bobsTasks.map((task) => task.itemId)).toEqual(ids);
    // Ann's lease on the third item lapses; nobody else needs its slot, so her answer is still taken.
    await harness.db.update(itemLeases).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(itemLeases.itemId, ids[2] as number), eq(itemLeases.annotatorId, ann().userId)));
    const annAnswers = ids.map((itemId) => labelAnswer(itemId, pos));
    const annResults = (await exchangeLabelBatch(harness.db, ann(), { projectId, answers: annAnswers, holdItemIds: [], want: 0 })).results;
    expect(annResults.map((result) => result.status)).toEqual(['stored', 'stored', 'stored']);
    // Bob agrees on the first, disagrees on the second and third: those go to review, the first is labeled.
    const bobAnswers = [labelAnswer(ids[0] as number, pos), labelAnswer(ids[1] as number, neg), labelAnswer(ids[2] as number, neg)];
    const bobResults = (await exchangeLabelBatch(harness.db, bob(), { projectId, answers: bobAnswers, holdItemIds: [], want: 0 })).results;
    const rows = await harness.db.select({ id: items.id, status: items.status, finalLabelId: items.finalLabelId, count: items.annotationCount }).from(items).where(inArray(items.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ids[0] as number)).toMatchObject({ status: 'labeled', finalLabelId: pos, count: 2 });
    expect(byId.get(ids[1] as number)).toMatchObject({ status: 'in_review', count: 2 });
    expect(byId.get(ids[2] as number)).toMatchObject({ status: 'in_review', count: 2 });
    const tasks = await harness.db.select().from(reviewTasks).where(inArray(reviewTasks.itemId, ids)).orderBy(reviewTasks.itemId);
    expect(tasks.map((task) => [task.itemId, task.reason, task.status])).toEqual([
      [ids[1], 'disagreement', 'open'],
      [ids[2], 'disagreement', 'open'],
    ]);
    // Each task names the answer that raised it and the votes, and is on the audit record, as addReviewTask does.
    const bobsAnnotation = (index: number) => {
      const result = bobResults[index];
      return result?.status === 'stored' ? result.annotationId : null;
    };
    expect(tasks.map((task) => task.details)).toEqual([
      { votes: { [pos]: 1, [neg]: 1 }, annotationId: bobsAnnotation(1) },
      { votes: { [pos]: 1, [neg]: 1 }, annotationId: bobsAnnotation(2) },
    ]);
    const events = await harness.db
      .select({ subjectId: auditEvents.subjectId, actorType: auditEvents.actorType, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, 'review.task.add')))
      .orderBy(auditEvents.id);
    expect(events).toEqual(tasks.map((task) => ({ subjectId: String(task.itemId), actorType: 'system', after: { taskId: task.id, reason: 'disagreement', details: task.details } })));
  });

  async function labelsSinceTrigger(projectId: number): Promise<number> {
    const [row] = await harness.db.select({ n: learningState.labelsSinceTrigger }).from(learningState).where(eq(learningState.projectId, projectId));
    return row?.n ?? 0;
  }

});

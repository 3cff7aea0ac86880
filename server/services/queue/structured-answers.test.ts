import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, items, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { leaseNextItem } from './lease-next-item';
import { submitAnnotation } from './submit-annotation';
import { undoSubmission } from './undo-submission';
import { decideItem } from '@/server/services/review/review';

describe('multi-label submissions', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let ann: TActor;
  let bob: TActor;
  let projectCount = 0;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    ann = await harness.createUser('Ann');
    bob = await harness.createUser('Bob');
  });
  afterAll(() => harness.close());

  async function newProject(settings = {}) {
    const project = await harness.createProjectAs(owner, `multi-${++projectCount}`, ['sports', 'politics', 'tech'], { taskType: 'multi_label' });
    for (const annotator of [ann, bob]) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, ...settings });
    const [sports, politics, tech] = (await getLabelIds(harness.db, project.id)) as [number, number, number];
    return { projectId: project.id, sports, politics, tech };
  }

  async function label(actor: TActor, projectId: number, labelIds: number[]) {
    // A draw under the gold rate serves the gold pool (when the project has one).
    const task = await leaseNextItem(harness.db, actor, { projectId, random: () => 0.1 });
    if (!task) throw new Error('no task');
    return submitAnnotation(harness.db, actor, { projectId, itemId: task.itemId, value: { labelIds }, clientId: randomUUID() });
  }

  const readItem = async (itemId: number) => (await harness.db.select().from(items).where(eq(items.id, itemId)))[0]!;

  it('takes the same set from two annotators, in any order, as consensus', async () => {
    const { projectId, sports, tech } = await newProject({ overlap: 2 });
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    const first = await label(ann, projectId, [tech, sports, tech]);
    expect(first.value).toEqual({ labelIds: [sports, tech].sort((a, b) => a - b) });
    expect((await readItem(itemId!)).status).toBe('open');
    await label(bob, projectId, [sports, tech]);
    const item = await readItem(itemId!);
    expect(item).toMatchObject({ status: 'labeled', finalSource: 'consensus', finalLabelId: null });
    expect(item.finalValue).toEqual({ labelIds: [sports, tech].sort((a, b) => a - b) });
  });

  it('sends different sets to review with how many annotators chose each label; "none of these" is an answer', async () => {
    const { projectId, politics } = await newProject({ overlap: 2 });
    const [itemId] = await seedItems(harness.db, projectId, [{}]);
    await label(ann, projectId, [politics]);
    await label(bob, projectId, []);
    expect(await readItem(itemId!)).toMatchObject({ status: 'in_review', finalValue: null });
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId!));
    expect(task).toMatchObject({ reason: 'disagreement', details: { votes: { [politics]: 1 } } });
  });

  it('refuses a single label, a label from another project and a second answer to the same submission', async () => {
    const { projectId, sports } = await newProject();
    const other = await newProject();
    await seedItems(harness.db, projectId, [{}]);
    const task = (await leaseNextItem(harness.db, ann, { projectId }))!;
    await expect(submitAnnotation(harness.db, ann, { projectId, itemId: task.itemId, labelId: sports, clientId: randomUUID() })).rejects.toThrow(
      'This project takes a set of labels per item',
    );
    await expect(submitAnnotation(harness.db, ann, { projectId, itemId: task.itemId, value: { labelIds: [sports, other.sports] }, clientId: randomUUID() })).rejects.toThrow(
      "That label is not in this project's label set",
    );
    const clientId = randomUUID();
    const stored = await submitAnnotation(harness.db, ann, { projectId, itemId: task.itemId, value: { labelIds: [sports] }, clientId });
    const retried = await submitAnnotation(harness.db, ann, { projectId, itemId: task.itemId, value: { labelIds: [sports] }, clientId });
    expect(retried).toMatchObject({ annotationId: stored.annotationId, isDuplicate: true, value: { labelIds: [sports] } });
    expect(await harness.db.select().from(annotations).where(eq(annotations.itemId, task.itemId))).toHaveLength(1);
  });

  it('checks a gold item against its known set, and undo takes the answer back', async () => {
    const { projectId, sports, politics } = await newProject({ goldRate: 0.5 });
    const [itemId] = await seedItems(harness.db, projectId, [{ goldValue: { labelIds: [sports, politics] } }]);
    const wrong = await label(ann, projectId, [sports]);
    const item = await readItem(itemId!);
    expect(item).toMatchObject({ status: 'in_review', finalSource: 'gold', finalValue: { labelIds: [sports, politics] } });
    const [miss] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId!));
    expect(miss).toMatchObject({ reason: 'gold_miss', details: { value: { labelIds: [sports] }, goldValue: { labelIds: [sports, politics] } } });
    await undoSubmission(harness.db, ann, { projectId, annotationId: wrong.annotationId });
    expect(await harness.db.select().from(annotations).where(eq(annotations.itemId, itemId!))).toHaveLength(0);
    await label(bob, projectId, [politics, sports]);
    expect(await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, itemId!))).toHaveLength(1);
  });
});

describe('span submissions', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let ann: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'manager');
    ann = await harness.createUser('Ann');
  });
  afterAll(() => harness.close());

  it('stores spans inside the text and on grapheme boundaries, and refuses overlaps unless the project allows them', async () => {
    const project = await harness.createProjectAs(owner, 'spans-1', ['PER', 'LOC'], { taskType: 'spans' });
    await harness.addToProject(project.id, ann, 'annotator');
    await setQueueSettings(harness.db, project.id, PLAIN_QUEUE_SETTINGS);
    const [per, loc] = (await getLabelIds(harness.db, project.id)) as [number, number];
    const text = 'Zoë 👩‍👩‍👧 visited Paris';
    await seedItems(harness.db, project.id, [{ text }, { text }]);
    const task = (await leaseNextItem(harness.db, ann, { projectId: project.id }))!;
    const submit = (spans: { start: number; end: number; labelId: number }[]) =>
      submitAnnotation(harness.db, ann, { projectId: project.id, itemId: task.itemId, value: { spans }, clientId: randomUUID() });
    const paris = text.indexOf('Paris');
    await expect(submit([{ start: paris, end: paris + 10, labelId: loc }])).rejects.toThrow('Span 1:');
    // Inside the family emoji: cuts a grapheme.
    await expect(submit([{ start: 5, end: 7, labelId: per }])).rejects.toThrow('Span 1:');
    await expect(
      submit([
        { start: 0, end: 3, labelId: per },
        { start: 0, end: paris + 5, labelId: loc },
      ]),
    ).rejects.toThrow('Span 2:');
    await expect(submitAnnotation(harness.db, ann, { projectId: project.id, itemId: task.itemId, labelId: per, clientId: randomUUID() })).rejects.toThrow(
      'This project takes labeled spans',
    );
    const stored = await submit([
      { start: paris, end: paris + 5, labelId: loc },
      { start: 0, end: 3, labelId: per },
    ]);
    expect(stored.value).toEqual({ spans: [{ start: 0, end: 3, labelId: per }, { start: paris, end: paris + 5, labelId: loc }] });
    expect((await harness.db.select().from(items).where(eq(items.id, task.itemId)))[0]).toMatchObject({ status: 'labeled', finalSource: 'single', finalValue: stored.value });

    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, allowOverlappingSpans: true });
    const next = (await leaseNextItem(harness.db, ann, { projectId: project.id }))!;
    const nested = await submitAnnotation(harness.db, ann, {
      projectId: project.id,
      itemId: next.itemId,
      value: { spans: [{ start: 0, end: paris + 5, labelId: loc }, { start: 0, end: 3, labelId: per }] },
      clientId: randomUUID(),
    });
    expect(nested.value).toMatchObject({ spans: [{ start: 0, end: 3 }, { start: 0, end: paris + 5 }] });
  });

  it('decides overlapping annotators by span voting: the voted spans stand in review until a reviewer accepts or corrects them', async () => {
    const project = await harness.createProjectAs(owner, 'spans-vote', ['PER', 'LOC'], { taskType: 'spans' });
    const bob = await harness.createUser('Bob');
    const reviewer = await harness.createUser('Rita');
    await harness.addToProject(project.id, ann, 'annotator');
    await harness.addToProject(project.id, bob, 'annotator');
    await harness.addToProject(project.id, reviewer, 'reviewer');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, overlap: 2 });
    const [per, loc] = (await getLabelIds(harness.db, project.id)) as [number, number];
    const readItem = async (itemId: number) => (await harness.db.select().from(items).where(eq(items.id, itemId)))[0]!;
    const text = 'Zoë 👩‍👩‍👧 met José in Paris';
    const [agreed, disputed] = await seedItems(harness.db, project.id, [{ text }, { text: `${text}.` }]);
    const zoe = { start: 0, end: 3, labelId: per };
    const jose = { start: text.indexOf('José'), end: text.indexOf('José') + 4, labelId: per };
    const paris = { start: text.indexOf('Paris'), end: text.indexOf('Paris') + 5, labelId: loc };
    const answers = new Map([
      [`${ann.userId}:${agreed}`, [zoe, paris]],
      [`${bob.userId}:${agreed}`, [paris, zoe]],
      [`${ann.userId}:${disputed}`, [zoe, jose, paris]],
      [`${bob.userId}:${disputed}`, [zoe, { ...paris, labelId: per }]],
    ]);
    for (const actor of [ann, bob]) {
      for (let task = await leaseNextItem(harness.db, actor, { projectId: project.id }); task; task = await leaseNextItem(harness.db, actor, { projectId: project.id })) {
        await submitAnnotation(harness.db, actor, { projectId: project.id, itemId: task.itemId, value: { spans: answers.get(`${actor.userId}:${task.itemId}`)! }, clientId: randomUUID() });
      }
    }
    expect(await readItem(agreed!)).toMatchObject({ status: 'labeled', finalSource: 'consensus', finalValue: { spans: [zoe, paris] } });
    // Only Zoë has a majority (both); José and the two labels of Paris are disputed.
    expect(await readItem(disputed!)).toMatchObject({ status: 'in_review', finalSource: 'consensus', finalValue: { spans: [zoe] } });
    const [task] = await harness.db.select().from(reviewTasks).where(eq(reviewTasks.itemId, disputed!));
    expect(task).toMatchObject({ reason: 'disagreement', status: 'open', details: { votes: { [per]: 2, [loc]: 1 }, keptSpans: 1, disputedSpans: 3 } });
    // The reviewer corrects the vote: the final answer is theirs.
    await decideItem(harness.db, reviewer, { projectId: project.id, itemId: disputed!, value: { spans: [paris, jose, zoe] } });
    expect(await readItem(disputed!)).toMatchObject({ status: 'reviewed', finalSource: 'review', finalValue: { spans: [zoe, jose, paris] } });
  });
});

import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, auditEvents, items, predictions, projectLabels, projectMembers } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { buildDefaultLabels } from './label-set';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { authenticateApiToken } from '@/server/auth/authenticate-api-token';
import { createApiToken } from '@/server/services/accounts/api-tokens';

describe('projects', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let manager: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    manager = await harness.createUser('Manager', 'manager');
  });
  afterAll(() => harness.close());

  it('creates a project with its label set, makes the creator manager, and audits it', async () => {
    const caller = harness.callerFor(manager);
    const project = await caller.project.create({
      name: 'Reviews',
      slug: 'Reviews',
      instructions: 'Be kind',
      labels: buildDefaultLabels(['good', 'bad', 'mixed']),
      settings: { overlap: 3 },
    });
    expect(project.slug).toBe('reviews');
    expect(project.labels.map((label) => [label.name, label.hotkey])).toEqual([
      ['good', '1'],
      ['bad', '2'],
      ['mixed', '3'],
    ]);
    expect(project.settings).toMatchObject({ overlap: 3, maxTextBytes: 100_000, leaseSeconds: 600, showModelSuggestion: false, samplingStrategy: 'margin' });
    const [membership] = await harness.db.select().from(projectMembers).where(eq(projectMembers.projectId, project.id));
    expect(membership).toMatchObject({ userId: manager.userId, role: 'manager' });
    const events = await harness.db.select().from(auditEvents).where(eq(auditEvents.projectId, project.id));
    expect(events.map((event) => event.action)).toContain('project.create');
    await expect(caller.project.create({ name: 'Again', slug: 'reviews', labels: buildDefaultLabels(['a', 'b']) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('creates each task type with the learning defaults that fit it, and refuses a model of another input', async () => {
    const caller = harness.callerFor(manager);
    const expected = { text_classification: 'softmax', multi_label: null, spans: 'bio-tagger', image_classification: 'cnn' } as const;
    for (const [taskType, modelKind] of Object.entries(expected)) {
      const project = await caller.project.create({ name: taskType, slug: `kinds-${taskType.replace('_', '-')}`, labels: buildDefaultLabels(['a', 'b']), taskType: taskType as keyof typeof expected });
      expect(project.taskType).toBe(taskType);
      if (modelKind) expect(project.settings.modelKind).toBe(modelKind);
    }
    await expect(
      caller.project.create({ name: 'Mixed', slug: 'kinds-mixed', labels: buildDefaultLabels(['a', 'b']), taskType: 'spans', settings: { modelKind: 'softmax' } }),
    ).rejects.toThrow(/tagger|span/i);
  });

  it('rejects label sets that are too small, too large or ambiguous', async () => {
    const caller = harness.callerFor(admin);
    const attempt = (labels: { name: string; hotkey: string; color: string }[]) =>
      caller.project.create({ name: 'Bad', slug: `bad-${Math.random().toString(36).slice(2, 8)}`, labels });
    await expect(attempt(buildDefaultLabels(['only']))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt(buildDefaultLabels(Array.from({ length: 51 }, (_, i) => `l${i}`)))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt(buildDefaultLabels(['Spam', 'spam']))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const sameKey = buildDefaultLabels(['a', 'b']).map((label) => ({ ...label, hotkey: 'x' }));
    const error = await attempt(sameKey).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    const issues = ((error as TRPCError).cause as { issues?: { message: string }[] } | undefined)?.issues ?? [];
    expect(issues.map((issue) => issue.message)).toContain('Hotkey "x" is used twice');
    const fifty = await attempt(buildDefaultLabels(Array.from({ length: 50 }, (_, i) => `label ${i}`)));
    expect(fifty.labels).toHaveLength(50);
  });

  it('edits labels in place, swaps hotkeys, and archives removed labels that were used', async () => {
    const project = await harness.createProjectAs(admin, 'label-edits', ['cat', 'dog', 'bird']);
    const caller = harness.callerFor(admin);
    const { labels } = await caller.project.get({ projectId: project.id });
    const [cat, dog, bird] = labels;
    if (!cat || !dog || !bird) throw new Error('labels missing');
    const [item] = await harness.db
      .insert(items)
      .values({ projectId: project.id, contentHash: 'h1', text: 'a bird' })
      .returning({ id: items.id });
    if (!item) throw new Error('no item');
    await harness.db.insert(annotations).values({ projectId: project.id, itemId: item.id, annotatorId: admin.userId, labelId: bird.id });

    const saved = await caller.project.setLabels({
      projectId: project.id,
      labels: [
        { id: dog.id, name: 'Dog', hotkey: cat.hotkey, color: dog.color },
        { id: cat.id, name: 'Cat', hotkey: dog.hotkey, color: cat.color },
        { name: 'fish', hotkey: 'f', color: '#123456' },
      ],
    });
    expect(saved.map((label) => [label.id, label.name, label.hotkey])).toEqual([
      [dog.id, 'Dog', '1'],
      [cat.id, 'Cat', '2'],
      [expect.any(Number), 'fish', 'f'],
    ]);
    const [archivedBird] = await harness.db.select().from(projectLabels).where(eq(projectLabels.id, bird.id));
    expect(archivedBird?.archivedAt).toBeInstanceOf(Date);

    // An unused label is deleted outright, and its name can be reused.
    const fish = saved[2];
    if (!fish) throw new Error('fish missing');
    await caller.project.setLabels({
      projectId: project.id,
      labels: [...saved.slice(0, 2).map(({ id, name, hotkey, color }) => ({ id, name, hotkey, color })), { name: 'bird', hotkey: 'b', color: '#000000' }],
    });
    expect(await harness.db.select().from(projectLabels).where(eq(projectLabels.id, fish.id))).toEqual([]);
    await expect(
      caller.project.setLabels({ projectId: project.id, labels: [{ id: 999_999, name: 'x', hotkey: 'x', color: '#000000' }, { name: 'y', hotkey: 'y', color: '#000000' }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('archives a removed label that only a prediction names, so the prediction keeps its meaning', async () => {
    const project = await harness.createProjectAs(admin, 'predicted-labels', ['cat', 'dog', 'bird']);
    const caller = harness.callerFor(admin);
    const [cat, dog, bird] = (await caller.project.get({ projectId: project.id })).labels;
    if (!cat || !dog || !bird) throw new Error('labels missing');
    const [item] = await harness.db.insert(items).values({ projectId: project.id, contentHash: 'p1', text: 'a bird?' }).returning({ id: items.id });
    if (!item) throw new Error('no item');
    await harness.db.insert(predictions).values({ projectId: project.id, itemId: item.id, labelId: bird.id, externalModelVersion: 'imported', score: 0.9 });

    await caller.project.setLabels({ projectId: project.id, labels: [cat, dog].map(({ id, name, hotkey, color }) => ({ id, name, hotkey, color })) });
    const [kept] = await harness.db.select().from(projectLabels).where(eq(projectLabels.id, bird.id));
    expect(kept?.archivedAt).toBeInstanceOf(Date);
    const listed = await caller.project.get({ projectId: project.id });
    expect(listed.labels.map((label) => label.name)).toEqual(['cat', 'dog']);
  });

  it('archives removed labels that only label sets or spans name, inside answers, gold, final answers or predictions', async () => {
    const sets = await harness.createProjectAs(admin, 'set-labels', ['a', 'b', 'c', 'd', 'e'], { taskType: 'multi_label' });
    const caller = harness.callerFor(admin);
    const [a, b, c, d, e] = (await caller.project.get({ projectId: sets.id })).labels;
    if (!a || !b || !c || !d || !e) throw new Error('labels missing');
    const [item] = await harness.db.insert(items).values({ projectId: sets.id, contentHash: 's1', text: 'x', goldValue: { labelIds: [b.id] } }).returning({ id: items.id });
    await harness.db.insert(annotations).values({ projectId: sets.id, itemId: item!.id, annotatorId: admin.userId, value: { labelIds: [a.id, c.id] } });
    await harness.db.insert(predictions).values({ projectId: sets.id, itemId: item!.id, externalModelVersion: 'imported', value: { labelIds: [d.id], probabilities: [0.9] } });
    await caller.project.setLabels({ projectId: sets.id, labels: [{ id: a.id, name: a.name, hotkey: a.hotkey, color: a.color }, { name: 'f', hotkey: 'f', color: '#000000' }] });
    const kept = await harness.db.select({ name: projectLabels.name, archivedAt: projectLabels.archivedAt }).from(projectLabels).where(eq(projectLabels.projectId, sets.id)).orderBy(projectLabels.name);
    // e, named nowhere, is deleted.
    expect(kept.map((label) => [label.name, label.archivedAt !== null])).toEqual([['a', false], ['b', true], ['c', true], ['d', true], ['f', false]]);

    const spans = await harness.createProjectAs(admin, 'span-labels', ['PER', 'LOC', 'ORG'], { taskType: 'spans' });
    const [per, loc, org] = (await caller.project.get({ projectId: spans.id })).labels;
    if (!per || !loc || !org) throw new Error('labels missing');
    await harness.db.insert(items).values({ projectId: spans.id, contentHash: 's2', text: 'Ada in Oslo', finalValue: { spans: [{ start: 0, end: 3, labelId: per.id }, { start: 7, end: 11, labelId: loc.id }] } });
    await caller.project.setLabels({ projectId: spans.id, labels: [{ name: 'MISC', hotkey: 'm', color: '#000000' }, { name: 'DATE', hotkey: 't', color: '#000000' }] });
    const spanLabels = await harness.db.select({ name: projectLabels.name, archivedAt: projectLabels.archivedAt }).from(projectLabels).where(eq(projectLabels.projectId, spans.id)).orderBy(projectLabels.name);
    expect(spanLabels.map((label) => [label.name, label.archivedAt !== null])).toEqual([['DATE', false], ['LOC', true], ['MISC', false], ['PER', true]]);
  });

  it('validates settings on update and keeps the rest', async () => {
    const project = await harness.createProjectAs(admin, 'settings');
    const caller = harness.callerFor(admin);
    await expect(caller.project.update({ projectId: project.id, settings: { overlap: 0 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const updated = await caller.project.update({ projectId: project.id, settings: { overlap: 2 }, instructions: 'Read twice' });
    expect(updated.settings.overlap).toBe(2);
    expect(updated.settings.leaseSeconds).toBe(600);
    expect(updated.instructions).toBe('Read twice');
    const events = await harness.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.projectId, project.id), eq(auditEvents.action, 'project.update')));
    expect(events).toHaveLength(1);
    expect(events[0]?.before).toMatchObject({ instructions: '' });
  });

  it('lists projects with counts, only to those who may see them', async () => {
    const project = await harness.createProjectAs(admin, 'counted');
    const annotator = await harness.createUser('Annotator');
    await harness.addToProject(project.id, annotator, 'annotator');
    const [first] = await harness.db
      .insert(items)
      .values([
        { projectId: project.id, contentHash: 'a', text: 'one', annotationCount: 1 },
        { projectId: project.id, contentHash: 'b', text: 'two' },
      ])
      .returning({ id: items.id });
    const label = (await harness.callerFor(admin).project.get({ projectId: project.id })).labels[0];
    if (!first || !label) throw new Error('setup failed');
    await harness.db.insert(annotations).values({ projectId: project.id, itemId: first.id, annotatorId: annotator.userId, labelId: label.id });

    const seen = await harness.callerFor(annotator).project.list();
    expect(seen).toEqual([
      { id: project.id, slug: 'counted', name: 'counted', taskType: 'text_classification', role: 'annotator', labelCount: 2, itemCount: 2, labeledItemCount: 1, annotationCount: 1,
        progress: { total: 2, labeled: 0, inReview: 0, inOverlap: 1, remaining: 1, goldChecks: 0 } },
    ]);
    const outsider = await harness.createUser('Outsider');
    expect(await harness.callerFor(outsider).project.list()).toEqual([]);
    const adminView = await harness.callerFor(admin).project.list();
    expect(adminView.map((p) => p.slug)).toContain('counted');

    const token = await createApiToken(harness.db, annotator, { projectId: project.id, name: 't', expiresInDays: 1 });
    const tokenActor = await authenticateApiToken(harness.db, token.token);
    expect((await harness.callerFor(tokenActor).project.list()).map((p) => p.slug)).toEqual(['counted']);
  });
});

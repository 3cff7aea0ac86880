import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, imports, items, modelVersions, qualitySnapshots, reviewTasks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getProjectOverview } from './project-overview';

/**
 * A project in a known state: 10 items (4 decided, 1 in review, 2 waiting for a second label, 3
 * untouched) plus a gold check, labels today and yesterday, a review task, two model versions (the
 * newer one no better than the baseline), a stored agreement figure and an interrupted import.
 */
describe('project overview', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let annotator: TActor;
  let reviewer: TActor;
  let projectId = 0;
  let spam = 0;
  let ham = 0;
  const since = new Date(Date.UTC(2026, 0, 2));

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Manager', 'manager');
    annotator = await harness.createUser('Annotator');
    reviewer = await harness.createUser('Reviewer');
    const project = await harness.createProjectAs(manager, 'overview', ['spam', 'ham']);
    projectId = project.id;
    await harness.addToProject(projectId, annotator, 'annotator');
    await harness.addToProject(projectId, reviewer, 'reviewer');
    await harness.callerFor(manager).project.update({ projectId, settings: { retrainEvery: 5 } });
    const labels = (await harness.callerFor(manager).project.get({ projectId })).labels;
    spam = labels[0]!.id;
    ham = labels[1]!.id;
    const item = (n: number, values: Partial<typeof items.$inferInsert>) => ({ projectId, contentHash: `h${n}`, text: `item ${n}`, ...values });
    const rows = await harness.db
      .insert(items)
      .values([
        item(1, { status: 'labeled', annotationCount: 1, finalLabelId: spam, finalSource: 'single' }),
        item(2, { status: 'labeled', annotationCount: 1, finalLabelId: spam, finalSource: 'single' }),
        item(3, { status: 'reviewed', annotationCount: 2, finalLabelId: ham, finalSource: 'review' }),
        item(4, { status: 'labeled', annotationCount: 0, finalLabelId: ham, finalSource: 'gold' }),
        item(5, { status: 'in_review', annotationCount: 2, finalLabelId: spam, finalSource: 'consensus' }),
        item(6, { status: 'open', annotationCount: 1 }),
        item(7, { status: 'open', annotationCount: 1 }),
        item(8, { status: 'open' }),
        item(9, { status: 'open' }),
        item(10, { status: 'open', isEval: true }),
        item(11, { status: 'open', isGoldCheck: true, goldLabelId: spam, annotationCount: 1 }),
      ])
      .returning({ id: items.id });
    const id = (n: number) => rows[n - 1]!.id;
    const label = (n: number, who: TActor, labelId: number, createdAt: Date) => ({ projectId, itemId: id(n), annotatorId: who.userId, labelId, createdAt });
    const today = new Date(since.getTime() + 3_600_000);
    const yesterday = new Date(since.getTime() - 3_600_000);
    await harness.db.insert(annotations).values([
      label(1, annotator, spam, today),
      label(2, annotator, spam, today),
      label(6, annotator, ham, today),
      label(3, annotator, ham, yesterday),
      label(3, reviewer, ham, today),
      label(5, reviewer, spam, yesterday),
      label(7, reviewer, ham, yesterday),
    ]);
    await harness.db.insert(reviewTasks).values({ projectId, itemId: id(5), reason: 'disagreement' });
    const metrics = (accuracy: number, beatsBaseline: boolean) => ({ accuracy: { value: accuracy, ci95: [accuracy - 0.1, accuracy + 0.05] }, baseline: { labelId: spam, label: 'spam', accuracy: 0.6 }, beatsBaseline });
    await harness.db.insert(modelVersions).values([
      { projectId, version: 1, status: 'ready', kind: 'softmax', strategy: 'margin', labelCount: 0, metrics: metrics(0.8, true) },
      { projectId, version: 2, status: 'ready', kind: 'softmax', strategy: 'margin', labelCount: 2, metrics: metrics(0.55, false) },
    ]);
    await harness.db.insert(qualitySnapshots).values({
      projectId,
      computedAt: since,
      report: { agreement: { items: 2, annotators: 2, krippendorff_alpha: { value: 0.71, ci95: [0.5, 0.9] } } },
    });
    await harness.db.insert(imports).values({ projectId, format: 'csv', fileName: 'mail.csv', status: 'interrupted' });
  });
  afterAll(() => harness.close());

  it('counts every item once by where it stands, gold checks apart, and final labels only where decided', async () => {
    const overview = await getProjectOverview(harness.db, projectId, { userId: manager.userId, role: 'manager' }, { since });
    expect(overview.progress).toEqual({ total: 10, labeled: 4, inReview: 1, inOverlap: 2, remaining: 3, goldChecks: 1 });
    expect(overview.labelDistribution).toEqual([
      { labelId: spam, name: 'spam', color: expect.any(String), items: 2 },
      { labelId: ham, name: 'ham', color: expect.any(String), items: 2 },
    ]);
  });

  it('gives a manager the model trend, agreement, throughput and what needs attention', async () => {
    const overview = await getProjectOverview(harness.db, projectId, { userId: manager.userId, role: 'manager' }, { since });
    expect(overview.throughput).toEqual({ since, mine: 0, everyone: 4, activeAnnotators: 2 });
    expect(overview.model?.trend.map((point) => [point.version, point.accuracy?.value])).toEqual([
      [1, 0.8],
      [2, 0.55],
    ]);
    // v2 is below the baseline, so v1 still orders the queue.
    expect(overview.model?.current).toMatchObject({ version: 1, accuracy: { value: 0.8 } });
    expect(overview.agreement).toMatchObject({ alpha: 0.71, ci95: [0.5, 0.9], items: 2 });
    expect(overview.reviewQueue).toBe(1);
    expect(overview.primaryAction).toBe('review');
    const byKind = Object.fromEntries(overview.attention.map((entry) => [entry.kind, entry.message]));
    // Four trainable labels (items 1-3, and 5's provisional one), v2 learned from 2: two new labels are not yet a stale model.
    expect(Object.keys(byKind).sort()).toEqual(['below_baseline', 'interrupted_import', 'review_queue']);
    expect(byKind.review_queue).toBe('1 item waits for a reviewer.');
    expect(byKind.below_baseline).toMatch(/^v2 is no better than always answering the commonest label \(60\.0% accuracy\).*v1 still does/);
    expect(byKind.interrupted_import).toMatch(/mail\.csv.*interrupted; nothing of it was imported/);
  });

  it('shows an annotator progress and their own work, no quality figures, no review queue', async () => {
    const overview = await getProjectOverview(harness.db, projectId, { userId: annotator.userId, role: 'annotator' }, { since });
    expect(overview.progress.total).toBe(10);
    expect(overview.throughput).toEqual({ since, mine: 3, everyone: null, activeAnnotators: null });
    expect(overview.labelDistribution).toBeNull();
    expect(overview.model).toBeNull();
    expect(overview.agreement).toBeNull();
    expect(overview.reviewQueue).toBeNull();
    expect(overview.attention).toEqual([]);
    expect(overview.primaryAction).toBe('label');
  });

  it('is served through project.overview with the caller’s role', async () => {
    const seen = await harness.callerFor(annotator).project.overview({ projectId, since });
    expect(seen.labelDistribution).toBeNull();
    expect(seen.throughput.mine).toBe(3);
    const asReviewer = await harness.callerFor(reviewer).project.overview({ projectId, since });
    expect(asReviewer.primaryAction).toBe('review');
    expect(asReviewer.throughput).toMatchObject({ mine: 1, everyone: 4 });
    // A reviewer sees quality but does not import: no word about imports.
    expect(asReviewer.attention.map((entry) => entry.kind)).not.toContain('interrupted_import');
  });

  it('calls the model stale once retrainEvery labels came in since the newest version learned, unless a training is on its way', async () => {
    await harness.db.insert(items).values(
      [12, 13, 14, 15].map((n) => ({ projectId, contentHash: `h${n}`, text: `item ${n}`, status: 'labeled' as const, annotationCount: 1, finalLabelId: ham, finalSource: 'consensus' as const })),
    );
    const overview = await getProjectOverview(harness.db, projectId, { userId: manager.userId, role: 'manager' }, { since });
    const stale = overview.attention.find((entry) => entry.kind === 'stale_model');
    expect(stale?.message).toBe('v2 learned from 2 labels; 6 more have come in since (retraining is set for every 5).');
    await harness.callerFor(manager).models.train({ projectId });
    const training = await getProjectOverview(harness.db, projectId, { userId: manager.userId, role: 'manager' }, { since });
    expect(training.attention.map((entry) => entry.kind)).not.toContain('stale_model');
  });
});

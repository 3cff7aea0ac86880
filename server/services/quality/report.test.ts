import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, modelVersions } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { seedRatedProject } from '@/server/testing/quality-fixtures';
import { getLabelIds } from '@/server/testing/queue-fixtures';

describe('quality.report', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let reviewer: TActor;
  let annotator: TActor;
  let projectId: number;
  let labelIds: number[];

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Maya Manager', 'manager');
    reviewer = await harness.createUser('Rui Reviewer');
    annotator = await harness.createUser('Ana Annotator');
    projectId = (await harness.createProjectAs(manager, 'report', ['spam', 'ham', 'other'])).id;
    await harness.addToProject(projectId, reviewer, 'reviewer');
    await harness.addToProject(projectId, annotator, 'annotator');
    labelIds = await getLabelIds(harness.db, projectId);
  }, 60_000);
  afterAll(() => harness.close());

  it('says there is nothing to report before anyone labels, without computing anything', async () => {
    const report = await harness.callerFor(manager).quality.report({ projectId });
    expect(report.snapshot).toBeNull();
    expect(report.status).toMatchObject({ isRefreshing: false, newAnnotations: 0 });
    expect(report.verdicts).toEqual({ labels: null, model: null });
    expect(report.simulation).toBeNull();
  });

  it('computes the report on first view once labels exist, and again only after new labels', async () => {
    const others = [];
    for (const name of ['Ben', 'Cleo', 'Dee']) others.push(await harness.createUser(name));
    await seedRatedProject(harness.db, {
      projectId,
      labelIds,
      annotators: [annotator, ...others].map((person, a) => ({ userId: person.userId, accuracy: [0.9, 0.9, 0.85, 0.8][a]! })),
      items: 200,
      perItem: 2,
      goldItems: 40,
      seed: 5,
    });
    const first = await harness.callerFor(reviewer).quality.report({ projectId });
    expect(first.snapshot?.annotationCount).toBe(400);
    expect(first.status.newAnnotations).toBe(0);
    expect(first.verdicts.labels?.level).toMatch(/reliable|tentative|unreliable/);
    expect(first.humanBand).not.toBeNull();
    const computedAt = first.snapshot!.computedAt;
    const again = await harness.callerFor(reviewer).quality.report({ projectId });
    expect(again.snapshot!.computedAt).toBe(computedAt);
  });

  it('draws the model versions against the human band and judges the latest one', async () => {
    const metrics = (accuracy: number, low: number, high: number) => ({
      n: 120,
      accuracy: { value: accuracy, ci95: [low, high] },
      macroF1: { value: accuracy - 0.02, ci95: [low - 0.02, high - 0.02] },
      ece: { value: 0.03, ci95: [0.01, 0.05] },
    });
    await harness.db.insert(modelVersions).values([
      { projectId, version: 1, status: 'ready', kind: 'softmax', strategy: 'margin', labelCount: 50, metrics: metrics(0.6, 0.52, 0.68) },
      { projectId, version: 2, status: 'failed', kind: 'softmax', strategy: 'margin', labelCount: 100 },
      { projectId, version: 3, status: 'ready', kind: 'softmax', strategy: 'margin', labelCount: 150, metrics: { something: 'else' } },
      { projectId, version: 4, status: 'ready', kind: 'softmax', strategy: 'margin', labelCount: 200, metrics: metrics(0.97, 0.95, 0.99) },
    ]);
    const report = await harness.callerFor(manager).quality.report({ projectId });
    expect(report.models.map((model) => [model.version, model.labelCount])).toEqual([
      [1, 50],
      [4, 200],
    ]);
    const band = report.humanBand!;
    expect(band.low).toBeLessThanOrEqual(band.mean);
    expect(band.high).toBeGreaterThanOrEqual(band.mean);
    expect(band.annotators).toBe(4);
    // The annotators are right about 86% of the time; v4's interval sits above that.
    expect(report.verdicts.model).toMatchObject({ level: 'above', version: 4 });
  });

  it('reads the chosen strategy’s gain over random from the latest simulation', async () => {
    const strategies = {
      margin: { curve: [{ labels: 50, accuracy: 0.7 }, { labels: 100, accuracy: 0.9 }], aulc: 0.82, labels_to_95: 120, full_accuracy: 0.94 },
      random: { curve: [[50, 0.6], [100, 0.8]], aulc: 0.74, labels_to_95: 300, full_accuracy: 0.94 },
    };
    await harness.db.insert(jobs).values([
      { projectId, kind: 'simulate', status: 'failed', finishedAt: new Date() },
      { projectId, kind: 'simulate', status: 'succeeded', result: { strategies }, finishedAt: new Date(Date.now() - 1000) },
    ]);
    const { simulation } = await harness.callerFor(manager).quality.report({ projectId });
    expect(simulation).toMatchObject({ chosen: 'margin', gain: { labelsSaved: 180 }, note: null });
    expect(simulation!.gain!.aulcDifference).toBeCloseTo(0.08, 10);
    expect(simulation!.strategies.find((strategy) => strategy.name === 'random')!.curve).toEqual([
      { labels: 50, accuracy: 0.6 },
      { labels: 100, accuracy: 0.8 },
    ]);
  });

  it('recomputes on demand', async () => {
    const before = (await harness.callerFor(manager).quality.report({ projectId })).snapshot!.computedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await harness.callerFor(manager).quality.refresh({ projectId })).toEqual({ state: 'done' });
    const after = (await harness.callerFor(manager).quality.report({ projectId })).snapshot!.computedAt;
    expect(after > before).toBe(true);
  });

  it('is closed to annotators, who must not see each other’s labels', async () => {
    await expect(harness.callerFor(annotator).quality.report({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(harness.callerFor(annotator).quality.refresh({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { rows } = await harness.db.execute<{ n: number }>(sql`select count(*)::int as n from quality_snapshots where project_id = ${projectId}`);
    expect(rows[0]!.n).toBe(1);
  });
});

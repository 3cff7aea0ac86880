import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, auditEvents, itemConsensus, items } from '@/db/schema';
import type { TAgreementReport } from '@/ml/agreement';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { refreshQualitySnapshot } from './refresh';
import { generateRatingsJsonl } from './ratings-export';
import { readItem, seedRatedProject, type TRatedProject } from '@/server/testing/quality-fixtures';
import { getLabelIds } from '@/server/testing/queue-fixtures';
import type { TQualitySnapshot } from './quality-types';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ACCURACIES = [0.95, 0.9, 0.85, 0.5];

describe('refreshQualitySnapshot', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let projectId: number;
  let labelIds: number[];
  let annotators: TActor[];
  let seeded: TRatedProject;
  let snapshot: TQualitySnapshot;
  // Items put in special states before the refresh, to check what consensus may and may not touch.
  const special: Record<'reviewed' | 'gold' | 'open' | 'inReview' | 'countChanged' | 'withRejected', number> = {
    reviewed: 0,
    gold: 0,
    open: 0,
    inReview: 0,
    countChanged: 0,
    withRejected: 0,
  };

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Maya Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'quality', ['spam', 'ham'])).id;
    labelIds = await getLabelIds(harness.db, projectId);
    annotators = [];
    for (const name of ['Ana', 'Ben', 'Cleo', 'Sam']) {
      const annotator = await harness.createUser(name);
      await harness.addToProject(projectId, annotator, 'annotator');
      annotators.push(annotator);
    }
    seeded = await seedRatedProject(harness.db, {
      projectId,
      labelIds,
      annotators: annotators.map((annotator, a) => ({ userId: annotator.userId, accuracy: ACCURACIES[a]! })),
      items: 600,
      perItem: 3,
      goldItems: 150,
      seed: 7,
      days: 5,
    });
    const { itemIds } = seeded;
    [special.reviewed, special.gold, special.open, special.inReview, special.countChanged, special.withRejected] = itemIds.slice(150, 156) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wrongLabel = (itemId: number) => labelIds.find((id) => id !== seeded.truth[itemIds.indexOf(itemId)])!;
    const db = harness.db;
    await db.update(items).set({ status: 'reviewed', finalSource: 'review', finalLabelId: wrongLabel(special.reviewed) }).where(eq(items.id, special.reviewed));
    await db.update(items).set({ finalSource: 'gold', finalLabelId: wrongLabel(special.gold) }).where(eq(items.id, special.gold));
    await db.update(items).set({ status: 'open' }).where(eq(items.id, special.open));
    await db.update(items).set({ status: 'in_review', finalSource: null, finalLabelId: null }).where(eq(items.id, special.inReview));
    // As if an annotation landed after the refresh read the ratings: the item's count no longer matches.
    await db.update(items).set({ annotationCount: 4 }).where(eq(items.id, special.countChanged));
    // A reviewer rejected two of the three labels; the item waits for more.
    const rejected = await db.select({ id: annotations.id }).from(annotations).where(eq(annotations.itemId, special.withRejected)).limit(2);
    for (const row of rejected) await db.update(annotations).set({ status: 'rejected' }).where(eq(annotations.id, row.id));
    await db.update(items).set({ annotationCount: 1 }).where(eq(items.id, special.withRejected));

    const outcome = await refreshQualitySnapshot(harness.db, projectId);
    if (outcome.state !== 'done') throw new Error('refresh was busy');
    snapshot = outcome.snapshot;
  }, 120_000);
  afterAll(() => harness.close());

  it('prints the same agreement numbers as `npx quorum agreement` on the downloadable ratings', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-quality-'));
    const file = path.join(directory, 'ratings.jsonl');
    let text = '';
    for await (const chunk of generateRatingsJsonl(harness.db, projectId)) text += chunk;
    fs.writeFileSync(file, text);
    const { categories, bootstrap, seed } = snapshot.cli;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['bin/quorum.js', 'agreement', file, '--categories', categories.join(','), '--bootstrap', String(bootstrap), '--seed', String(seed)],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
        (error, out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(out)),
      );
    });
    fs.rmSync(directory, { recursive: true, force: true });
    const cli = JSON.parse(stdout) as TAgreementReport;
    expect(snapshot.agreement).toEqual(cli);
    expect(cli.items).toBe(600);
    expect(cli.krippendorff_alpha.value !== null && cli.krippendorff_alpha.ci95).toHaveLength(2);
  }, 60_000);

  it('estimates each annotator’s accuracy near the truth, on gold and by Dawid–Skene', () => {
    for (const [a, accuracy] of ACCURACIES.entries()) {
      const row = snapshot.annotators.find((candidate) => candidate.userId === annotators[a]!.userId)!;
      expect(row.labels).toBeGreaterThan(300);
      // About 110 gold answers each: the Wilson interval must cover the true accuracy.
      expect(row.goldAccuracy!.ci95![0]).toBeLessThanOrEqual(accuracy);
      expect(row.goldAccuracy!.ci95![1]).toBeGreaterThanOrEqual(accuracy);
      expect(Math.abs(row.estimatedAccuracy! - accuracy)).toBeLessThan(0.08);
      expect(row.medianLeadTimeMs).toBeGreaterThanOrEqual(2_000);
      expect(row.medianLeadTimeMs).toBeLessThan(10_000);
      expect(row.activeDays).toBeGreaterThanOrEqual(1);
      expect(row.peerKappa?.peers).toBe(3);
    }
  });

  it('flags the annotator who is far below their peers, and only them', () => {
    const flagged = snapshot.annotators.filter((row) => row.flag);
    expect(flagged.map((row) => row.annotator)).toEqual(['Sam']);
    expect(flagged[0]!.flag).toMatchObject({ basis: 'gold' });
    expect(flagged[0]!.flag!.reason).toMatch(/^Gold accuracy \d+% \(95% CI \d+%–\d+%, \d+ gold items\) against a peer median of \d+%$/);
  });

  it('writes the consensus as the final label only where no reviewer decided and the annotators are done', async () => {
    const db = harness.db;
    const truthOf = (itemId: number) => seeded.truth[seeded.itemIds.indexOf(itemId)]!;
    expect(await readItem(db, special.reviewed)).toMatchObject({ final_source: 'review', status: 'reviewed' });
    expect((await readItem(db, special.reviewed)).final_label_id).not.toBe(truthOf(special.reviewed));
    expect(await readItem(db, special.gold)).toMatchObject({ final_source: 'gold' });
    expect(await readItem(db, special.open)).toMatchObject({ final_source: null, final_label_id: null });
    expect(await readItem(db, special.countChanged)).toMatchObject({ final_source: null });
    expect(await readItem(db, special.inReview)).toMatchObject({ status: 'in_review', final_source: 'consensus' });

    // Three of the four annotators per item, one of them a coin toss: the best any rule can do is
    // about 0.95 (0.99 with the three good ones, 0.95, 0.95 or 0.90 when the coin toss is one of three).
    const { rows } = await db.execute<{ id: number | string; final_label_id: number; final_source: string }>(
      sql`select id, final_label_id, final_source from items where project_id = ${projectId} and final_source = 'consensus'`,
    );
    expect(rows.length).toBeGreaterThan(580);
    const right = rows.filter((row) => Number(row.final_label_id) === truthOf(Number(row.id))).length;
    expect(right / rows.length).toBeGreaterThan(0.9);
    expect(snapshot.consensus).toMatchObject({ itemsRated: 600, itemsChanged: rows.length });

    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, 'consensus.apply'));
    const audited = events.flatMap((event) => (event.after as { items: { itemId: number }[] }).items.map((item) => item.itemId));
    expect(audited.sort((x, y) => x - y)).toEqual(rows.map((row) => Number(row.id)).sort((x, y) => x - y));
  });

  it('stores every rated item’s posterior, scoring items without their rejected labels', async () => {
    const stored = await harness.db.select().from(itemConsensus).where(eq(itemConsensus.projectId, projectId));
    expect(stored).toHaveLength(600);
    for (const row of stored) {
      expect(row.posterior).toBeGreaterThanOrEqual(0.5);
      expect(row.posteriors[String(row.labelId)]).toBeCloseTo(row.posterior, 3);
    }
    const withRejected = stored.find((row) => row.itemId === special.withRejected)!;
    expect(withRejected.ratings).toBe(1);
    const [kept] = await harness.db
      .select({ labelId: annotations.labelId, annotatorId: annotations.annotatorId })
      .from(annotations)
      .where(sql`${annotations.itemId} = ${special.withRejected} and ${annotations.status} <> 'rejected'`);
    // With one label left, a good annotator's label wins; the spammer's would be a coin toss either way.
    if (kept!.annotatorId !== annotators[3]!.userId) expect(withRejected.labelId).toBe(kept!.labelId);
  });

  it('rewrites nothing when nothing changed, and keeps a reviewer’s later decision', async () => {
    await harness.db.update(items).set({ status: 'reviewed', finalSource: 'review' }).where(eq(items.id, special.inReview));
    const again = await refreshQualitySnapshot(harness.db, projectId);
    if (again.state !== 'done') throw new Error('refresh was busy');
    expect(again.snapshot.consensus.itemsChanged).toBe(0);
    expect(again.snapshot.agreement).toEqual(snapshot.agreement);
    expect(await readItem(harness.db, special.inReview)).toMatchObject({ final_source: 'review' });
  });

  it('summarises activity, label use and agreement over time', () => {
    const total = snapshot.dailyActivity.reduce((sum, row) => sum + row.labels, 0);
    expect(total).toBe(1800);
    expect(new Set(snapshot.dailyActivity.map((row) => row.day)).size).toBeGreaterThanOrEqual(4);
    const distribution = snapshot.labelDistribution;
    expect(distribution.map((row) => row.label)).toEqual(['spam', 'ham']);
    expect(distribution.reduce((sum, row) => sum + row.annotations, 0)).toBe(1800);
    expect(distribution.reduce((sum, row) => sum + row.gold, 0)).toBe(150);
    expect(snapshot.agreementOverTime.period).toBe('day');
    const points = snapshot.agreementOverTime.points;
    expect(points.reduce((sum, point) => sum + point.items, 0)).toBe(600);
    for (const point of points) expect(point.alpha.value).not.toBeNull();
  });

  it('lets one refresh run at a time', async () => {
    await harness.db.execute(sql`update quality_snapshots set refresh_started_at = now() where project_id = ${projectId}`);
    expect(await refreshQualitySnapshot(harness.db, projectId)).toEqual({ state: 'busy' });
    // A lease left by a runner that died is taken over once it is old enough.
    await harness.db.execute(sql`update quality_snapshots set refresh_started_at = now() - interval '1 hour' where project_id = ${projectId}`);
    expect((await refreshQualitySnapshot(harness.db, projectId)).state).toBe('done');
  });
});

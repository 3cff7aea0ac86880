import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, itemLeases, items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { refreshQualitySnapshot } from './refresh';
import { getLabelIds, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { ensureSimulatedAnnotators, simulateAnnotators, type TSimulationResult } from './simulate-annotators';

describe('simulateAnnotators', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let projectId: number;
  let labelIds: number[];
  let result: TSimulationResult;
  const ACCURACIES = [1, 1, 0.6];

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Maya Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'simulated', ['spam', 'ham'])).id;
    labelIds = await getLabelIds(harness.db, projectId);
    // Every third item has a gold label; the others get a made-up truth.
    await seedItems(
      harness.db,
      projectId,
      Array.from({ length: 90 }, (_, i) => ({ goldLabelId: i % 3 === 0 ? labelIds[i % 2]! : null })),
    );
    await setQueueSettings(harness.db, projectId, { overlap: 2, overlapShare: 1, goldRate: 0.1, evalFraction: 0, auditRate: 0 });
    const accounts = await ensureSimulatedAnnotators(harness.db, projectId, 3);
    result = await simulateAnnotators(harness.db, {
      projectId,
      annotators: accounts.map((account, a) => ({ ...account, accuracy: ACCURACIES[a]!, medianLeadTimeMs: 5000 })),
      items: 40,
      seed: 3,
      days: 7,
    });
  }, 120_000);
  afterAll(() => harness.close());

  it('labels through the queue until the item budget is spent, leaving no reservation behind', async () => {
    expect(result.items).toBeGreaterThanOrEqual(40);
    // Items already started when the budget ran out are finished, so a few more than 40 can be touched.
    expect(result.items).toBeLessThan(50);
    const [stored] = await harness.db.select({ n: sql<number>`count(*)::int` }).from(annotations).where(eq(annotations.projectId, projectId));
    expect(stored!.n).toBe(result.submitted);
    expect(result.annotators.reduce((sum, row) => sum + row.submitted, 0)).toBe(result.submitted);
    const leases = await harness.db.select().from(itemLeases).where(eq(itemLeases.projectId, projectId));
    expect(leases).toEqual([]);
    // The queue's bookkeeping ran: every stored label has a client id and a lead time.
    const [missing] = await harness.db
      .select({ n: sql<number>`count(*)::int` })
      .from(annotations)
      .where(sql`${annotations.projectId} = ${projectId} and (${annotations.clientId} is null or ${annotations.leadTimeMs} is null)`);
    expect(missing!.n).toBe(0);
  });

  it('gives plain items their overlap of two, and perfect annotators agree on every item they share', async () => {
    const { rows } = await harness.db.execute<{ item_id: number | string; labels: number[]; annotators: string[]; gold: number | null; n: number }>(sql`
      select a.item_id, array_agg(a.label_id order by a.annotator_id) as labels, array_agg(a.annotator_id order by a.annotator_id) as annotators,
        i.gold_label_id as gold, count(*)::int as n
      from annotations a join items i on i.id = a.item_id
      where a.project_id = ${projectId} group by a.item_id, i.gold_label_id`);
    const perfect = new Set(result.annotators.filter((row) => row.accuracy === 1).map((row) => row.userId));
    for (const row of rows) {
      if (row.gold === null) expect(row.n).toBeLessThanOrEqual(2);
      const perfectLabels = row.annotators.map((annotator, k) => (perfect.has(annotator) ? Number(row.labels[k]) : null)).filter((label) => label !== null);
      expect(new Set(perfectLabels).size).toBeLessThanOrEqual(1);
      if (row.gold !== null) for (const label of perfectLabels) expect(label).toBe(Number(row.gold));
    }
    const complete = rows.filter((row) => row.gold === null && row.n === 2).length;
    expect(complete).toBeGreaterThan(25);
  });

  it('answers at each annotator’s accuracy', () => {
    const [first, second, weak] = result.annotators;
    expect(first!.correct).toBe(first!.submitted);
    expect(second!.correct).toBe(second!.submitted);
    expect(weak!.correct / weak!.submitted).toBeGreaterThan(0.3);
    expect(weak!.correct / weak!.submitted).toBeLessThan(0.9);
  });

  it('dates the labels over the past week, and the report shows that history', async () => {
    const { rows } = await harness.db.execute<{ days: number }>(
      sql`select count(distinct date_trunc('day', created_at))::int as days from annotations where project_id = ${projectId}`,
    );
    expect(rows[0]!.days).toBeGreaterThanOrEqual(6);
    const refresh = await refreshQualitySnapshot(harness.db, projectId);
    if (refresh.state !== 'done') throw new Error('busy');
    expect(new Set(refresh.snapshot.dailyActivity.map((row) => row.day)).size).toBeGreaterThanOrEqual(6);
    expect(refresh.snapshot.annotators.map((row) => row.annotator).sort()).toEqual(['Simulated annotator 1', 'Simulated annotator 2', 'Simulated annotator 3']);
  });

  it('creates the simulated accounts once, without a way to sign in', async () => {
    const again = await ensureSimulatedAnnotators(harness.db, projectId, 3);
    expect(again.map((account) => account.userId)).toEqual(result.annotators.map((row) => row.userId));
    const { rows } = await harness.db.execute<{ banned: boolean; accounts: number }>(sql`
      select u.banned, (select count(*)::int from accounts a where a.user_id = u.id) as accounts from users u where u.id = ${again[0]!.userId}`);
    expect(rows[0]).toEqual({ banned: true, accounts: 0 });
  });

  it('refuses an impossible accuracy', async () => {
    const [account] = await ensureSimulatedAnnotators(harness.db, projectId, 1);
    await expect(simulateAnnotators(harness.db, { projectId, annotators: [{ ...account!, accuracy: 1.5, medianLeadTimeMs: 1000 }], items: 1, seed: 1 })).rejects.toThrow(
      /Accuracy must be between 0 and 1/,
    );
    const [count] = await harness.db.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.projectId, projectId));
    expect(count!.n).toBe(90);
  });
});

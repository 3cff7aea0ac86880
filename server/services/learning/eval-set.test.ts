import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItems, seedLearningItems, type TSeededItem } from '@/server/testing/learning-fixtures';
import { getEvalSetSummary, redrawEvalSet } from './eval-set';

describe('evaluation set', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let projectId: number;
  let seeded: TSeededItem[];
  let labelIds: number[];

  const evalIds = async () =>
    (await harness.db.execute<{ id: number }>(sql`select id from items where project_id = ${projectId} and is_eval order by id`)).rows.map((r) => Number(r.id));
  const setGold = (ids: number[]) =>
    harness.db.execute(sql`update items set gold_label_id = ${labelIds[0]} where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'evalset')).id;
    ({ items: seeded, labelIds } = await seedLearningItems(harness.db, projectId, { count: 200 }));
  });
  afterAll(() => harness.close());

  it('draws the share from all items, reproducibly, when gold is scarce', async () => {
    await setGold(seeded.slice(0, 20).map((item) => item.id));
    const result = await redrawEvalSet(harness.db, admin, projectId, { fraction: 0.1, seed: 7 });
    expect(result).toEqual({ size: 20, isFromGold: false, items: 200 });
    const first = await evalIds();
    expect(first).toHaveLength(20);
    await redrawEvalSet(harness.db, admin, projectId, { fraction: 0.1, seed: 7 });
    expect(await evalIds()).toEqual(first);
    await redrawEvalSet(harness.db, admin, projectId, { fraction: 0.1, seed: 8 });
    expect(await evalIds()).not.toEqual(first);
  });

  it('is spread over the whole pool, not clustered by id', async () => {
    const ids = await evalIds();
    const low = ids.filter((id) => id <= seeded[99]!.id).length;
    // 20 draws from two halves of 100: both halves get some (P(all in one half) ≈ 2e-6).
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThan(20);
  });

  it('uses gold items when there are enough of them', async () => {
    await setGold(seeded.slice(0, 60).map((item) => item.id));
    const result = await redrawEvalSet(harness.db, admin, projectId, { fraction: 0.1, seed: 3 });
    expect(result).toMatchObject({ size: 20, isFromGold: true });
    const gold = new Set(seeded.slice(0, 60).map((item) => item.id));
    expect((await evalIds()).every((id) => gold.has(id))).toBe(true);
  });

  it('summarises what the evaluation can use', async () => {
    const ids = await evalIds();
    await labelItems(harness.db, ids.slice(0, 5).map((id) => ({ id, labelId: labelIds[1]! })));
    await labelItems(harness.db, ids.slice(5, 7).map((id) => ({ id, labelId: labelIds[1]! })), 'gold');
    expect(await getEvalSetSummary(harness.db, projectId)).toEqual({ items: 200, size: 20, usable: 20, withHumanLabel: 5, withGold: 20 });
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions } from '@/db/schema';
import { insertDecision } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { runDeadlineSweep } from './run-deadline-sweep';

describe('deadline sweep loop', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('keeps sweeping on its timer until stopped, handling cases whose deadline passes meanwhile', async () => {
    const owner = await harness.createUser('Owner', 'admin');
    const { id: projectId } = await harness.createProjectAs(owner, 'sweep-loop');
    const due = await insertDecision(harness.db, projectId, { deadline: new Date(Date.now() - 1000) });
    const soon = await insertDecision(harness.db, projectId, { deadline: new Date(Date.now() + 300) });
    const controller = new AbortController();
    const loop = runDeadlineSweep({ db: harness.db, signal: controller.signal, intervalMs: 100 });
    const statusOf = async (id: string) => (await harness.db.select({ status: decisions.status }).from(decisions).where(eq(decisions.id, id)))[0]?.status;
    await expect.poll(() => statusOf(due.id), { timeout: 5000 }).toBe('rejected');
    await expect.poll(() => statusOf(soon.id), { timeout: 5000 }).toBe('rejected');
    controller.abort();
    await loop;
  });
});

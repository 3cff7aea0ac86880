import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { leaseNextItem } from './lease-next-item';
import { submitAnnotation } from './submit-annotation';
import { checkQueueInvariants } from './invariants';
import { loadQueueSettings } from './load-queue-settings';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';

/**
 * Many annotators labeling one project at once (truly concurrent on PostgreSQL, interleaved on
 * PGlite), with retried submissions and a share of leases abandoned mid-way: afterwards every
 * queue invariant holds and every acknowledged submission is stored exactly once.
 */
describe('queue under concurrent annotators', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('keeps overlap, uniqueness and exactly-once storage', async () => {
    const owner = await harness.createUser('Owner', 'manager');
    const project = await harness.createProjectAs(owner, 'crowd', ['a', 'b', 'c']);
    const crowd: TActor[] = [];
    for (let i = 0; i < 10; i++) {
      const actor = await harness.createUser(`Annotator ${i}`);
      await harness.addToProject(project.id, actor, 'annotator');
      crowd.push(actor);
    }
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, overlap: 2, overlapShare: 0.5, auditRate: 0.1 });
    const labelIds = await getLabelIds(harness.db, project.id);
    const itemIds = await seedItems(harness.db, project.id, Array.from({ length: 40 }, () => ({ priority: Math.random() })));
    const settings = await loadQueueSettings(harness.db, project.id);
    const acknowledged: string[] = [];

    async function work(actor: TActor, seed: number) {
      for (let round = 0; ; round++) {
        const task = await leaseNextItem(harness.db, actor, { projectId: project.id, settings });
        if (!task) return;
        // Every seventh task is abandoned: the lease stays until it expires, as when a tab is closed.
        if ((round + seed) % 7 === 6) continue;
        const input = { projectId: project.id, itemId: task.itemId, labelId: labelIds[(round + seed) % 3] as number, clientId: randomUUID(), settings };
        const result = await submitAnnotation(harness.db, actor, input);
        // A retry after a "dropped" response must not store a second row.
        if (round % 3 === 0) expect((await submitAnnotation(harness.db, actor, input)).annotationId).toBe(result.annotationId);
        acknowledged.push(input.clientId);
      }
    }
    await Promise.all(crowd.map((actor, index) => work(actor, index)));

    const report = await checkQueueInvariants(harness.db, project.id, settings);
    expect(report).toEqual({ itemsOverOverlap: 0, duplicateAnnotatorItems: 0, countMismatches: 0, completeButOpen: 0, labeledWithoutFinal: 0 });
    const stored = await harness.db.select({ clientId: annotations.clientId }).from(annotations).where(inArray(annotations.clientId, acknowledged));
    expect(stored).toHaveLength(acknowledged.length);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    // Abandoned leases keep a few items open until they expire; everything else is complete.
    const open = await harness.db.select({ id: items.id }).from(items).where(eq(items.status, 'open'));
    expect(open.length).toBeLessThan(itemIds.length);
    expect(acknowledged.length).toBeGreaterThan(itemIds.length / 2);
  });
});

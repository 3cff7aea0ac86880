import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries } from '@/db/schema';
import { setDecisionWebhookUrl } from '@/server/services/decisions/decision-webhook-settings';
import { enqueueDecisionWebhook } from '@/server/services/decisions/enqueue-decision-webhook';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { seedDecision, startTestReceiver, type TTestReceiver } from '@/server/testing/decision-record-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { runWebhookDelivery } from './decision-tasks';

describe('the worker’s webhook delivery', () => {
  let harness: TTestHarness;
  let receiver: TTestReceiver;
  let projectId: number;

  beforeAll(async () => {
    vi.stubEnv('QUORUM_WEBHOOK_ALLOW_PRIVATE', '1');
    harness = await createTestHarness();
    const manager = await harness.createUser('Mona Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'worker-hooks')).id;
    receiver = await startTestReceiver([200]);
    await setDecisionWebhookUrl(harness.db, manager, projectId, receiver.url);
  });
  afterAll(async () => {
    await receiver.close();
    await harness.close();
    vi.unstubAllEnvs();
  });

  it('sends a webhook queued in this process at once when woken, long before its next poll', async () => {
    const controller = new AbortController();
    // A poll far in the future: only the wake-up can explain a delivery well within it. The bound is a
    // quarter of the poll, not a latency target, so a loaded CI machine cannot fail it.
    const loop = runWebhookDelivery({ db: harness.db, signal: controller.signal, pollMs: 60_000 });
    try {
      const timings: number[] = [];
      for (let i = 0; i < 5; i++) {
        const decision = await seedDecision(harness.db, projectId);
        const started = performance.now();
        const queued = await harness.db.transaction((tx) => enqueueDecisionWebhook(tx, decision, 'decision.decided', { id: decision.id }));
        await wakeWorkers(harness.db);
        await vi.waitFor(() => expect(receiver.requests.some((r) => r.headers['webhook-id'] === queued!.messageId)).toBe(true), { timeout: 15_000, interval: 10 });
        timings.push(performance.now() - started);
        await vi.waitFor(async () => {
          const [row] = await harness.db.select({ status: webhookDeliveries.status }).from(webhookDeliveries).where(eq(webhookDeliveries.messageId, queued!.messageId));
          expect(row?.status).toBe('delivered');
        }, { timeout: 15_000, interval: 20 });
      }
      expect(Math.max(...timings)).toBeLessThan(15_000);
    } finally {
      controller.abort();
      await loop;
    }
  }, 120_000);
});

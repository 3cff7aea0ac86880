import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { deliverDueWebhooks, resolveDeliveryOptions } from '@/server/services/decisions/deliver-webhooks';
import { enqueueDecisionWebhook } from '@/server/services/decisions/enqueue-decision-webhook';
import { seedDecision, startTestReceiver, type TTestReceiver } from '@/server/testing/decision-record-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';

describe('decisionRecord procedures', () => {
  let harness: TTestHarness;
  let receiver: TTestReceiver;
  let manager: TActor;
  let reviewer: TActor;
  let annotator: TActor;
  let projectId: number;

  beforeAll(async () => {
    vi.stubEnv('QUORUM_WEBHOOK_ALLOW_PRIVATE', '1');
    harness = await createTestHarness();
    manager = await harness.createUser('Mona Manager', 'manager');
    reviewer = await harness.createUser('Rita Reviewer');
    annotator = await harness.createUser('Andy Annotator');
    projectId = (await harness.createProjectAs(manager, 'record-procedures')).id;
    await harness.addToProject(projectId, reviewer, 'reviewer');
    await harness.addToProject(projectId, annotator, 'annotator');
    receiver = await startTestReceiver([500, 200]);
  });
  afterAll(async () => {
    await receiver.close();
    await harness.close();
    vi.unstubAllEnvs();
  });

  it('a manager sets the receiver, gets the secret once, and re-sends a failed delivery that the receiver then verifies', async () => {
    const managerCaller = harness.callerFor(manager);
    const { secret } = await managerCaller.decisionRecord.setWebhookUrl({ projectId, url: receiver.url });
    expect(secret).toMatch(/^whsec_/);
    expect(await managerCaller.decisionRecord.settings({ projectId })).toMatchObject({ webhook: { url: receiver.url, hasSecret: true }, retentionDays: 365 });
    await expect(managerCaller.decisionRecord.setWebhookUrl({ projectId, url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(managerCaller.decisionRecord.setRetention({ projectId, days: 90 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await managerCaller.decisionRecord.setRetention({ projectId, days: 400 })).toEqual({ retentionDays: 400 });

    const decision = await seedDecision(harness.db, projectId);
    await harness.db.transaction((tx) => enqueueDecisionWebhook(tx, decision, 'decision.decided', { id: decision.id }));
    await deliverDueWebhooks(harness.db, await resolveDeliveryOptions(harness.db));
    const [delivery] = await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, decision.id));
    // Give up at once, as a day of failures would.
    await harness.db.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.id, delivery!.id));

    await expect(harness.callerFor(reviewer).decisionRecord.resend({ projectId, deliveryId: delivery!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await managerCaller.decisionRecord.resend({ projectId, deliveryId: delivery!.id })).toMatchObject({ statusCode: 200, error: null });
    const last = receiver.requests.at(-1)!;
    expect(new Webhook(secret!).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ data: { id: decision.id } });

    const record = await harness.callerFor(reviewer).decisionRecord.get({ projectId, decisionId: decision.id });
    expect(record.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(record.deliveries[0]!.attemptLog.map((attempt) => [attempt.statusCode, attempt.requestedByName])).toEqual([
      [200, 'Mona Manager'],
      [500, null],
    ]);
    expect(await harness.callerFor(reviewer).decisionRecord.verifyLog({ projectId })).toMatchObject({ entries: 2, break: null });
  });

  it('a reviewer reads the record but changes nothing; an annotator sees none of it', async () => {
    const decision = await seedDecision(harness.db, projectId);
    const reviewerCaller = harness.callerFor(reviewer);
    await expect(reviewerCaller.decisionRecord.get({ projectId, decisionId: decision.id })).resolves.toMatchObject({ decision: { id: decision.id } });
    await expect(reviewerCaller.decisionRecord.settings({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reviewerCaller.decisionRecord.setWebhookUrl({ projectId, url: 'https://evil.example/' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reviewerCaller.decisionRecord.rotateSecret({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reviewerCaller.decisionRecord.setRetention({ projectId, days: 200 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const annotatorCaller = harness.callerFor(annotator);
    await expect(annotatorCaller.decisionRecord.get({ projectId, decisionId: decision.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(annotatorCaller.decisionRecord.verifyLog({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

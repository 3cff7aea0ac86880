import { asc, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, webhookAttempts, webhookDeliveries } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { seedDecision, startTestReceiver } from '@/server/testing/decision-record-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { setDecisionWebhookUrl } from './decision-webhook-settings';
import { claimDueWebhookDeliveries, computeRetryDelayMs, deliverDueWebhooks, resendWebhookDelivery, resolveDeliveryOptions, type TDeliveryOptions } from './deliver-webhooks';
import { enqueueDecisionWebhook } from './enqueue-decision-webhook';
import { isPrivateAddress, PRIVATE_ADDRESS_REFUSAL } from './send-webhook-request';

describe('webhook delivery', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let projectId: number;
  let secret: string;
  let options: TDeliveryOptions;

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Mona Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'hooks')).id;
    secret = (await setDecisionWebhookUrl(harness.db, manager, projectId, 'https://receiver.example/hooks')).secret!;
    options = { ...(await resolveDeliveryOptions(harness.db)), allowPrivate: true, random: () => 0.5 };
  });
  afterAll(() => harness.close());

  /** A settled decision whose webhook goes to `url`. */
  async function queueDelivery(url: string) {
    const decision = await seedDecision(harness.db, projectId, { callbackUrl: url });
    const queued = await harness.db.transaction((tx) => enqueueDecisionWebhook(tx, decision, 'decision.decided', { id: decision.id, label: decision.label }));
    const [delivery] = await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.messageId, queued!.messageId));
    return delivery!;
  }

  const attemptsOf = (deliveryId: number) => harness.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(asc(webhookAttempts.id));
  const deliveryById = async (id: number) => (await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;
  const makeDue = (id: number) => harness.db.update(webhookDeliveries).set({ nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, id));

  it('a receiver that fails twice then succeeds gets one message id, signed, and one effective delivery', async () => {
    const receiver = await startTestReceiver([500, 503, 204]);
    try {
      const delivery = await queueDelivery(receiver.url);
      for (let round = 0; round < 3; round++) {
        expect(await deliverDueWebhooks(harness.db, options)).toBe(1);
        await makeDue(delivery.id);
      }
      // Delivered: nothing more is due, however often the worker looks.
      expect(await deliverDueWebhooks(harness.db, options)).toBe(0);
      expect(receiver.requests).toHaveLength(3);
      const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
      expect([...ids]).toEqual([delivery.messageId]);
      for (const request of receiver.requests) {
        const payload = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string; data: { id: string } };
        expect(payload).toMatchObject({ type: 'decision.decided', data: { id: delivery.decisionId } });
        expect(request.headers['content-type']).toBe('application/json');
      }
      // Another secret does not verify: the signature really is the project's.
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(receiver.requests[0]!.body, receiver.requests[0]!.headers as Record<string, string>)).toThrow();
      const row = await deliveryById(delivery.id);
      expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204, lastError: null, lockedUntil: null });
      expect(row.deliveredAt).toBeInstanceOf(Date);
      const attempts = await attemptsOf(delivery.id);
      expect(attempts.map((a) => a.statusCode)).toEqual([500, 503, 204]);
      expect(attempts[0]!.error).toBe('HTTP 500: receiver says no');
      expect(attempts.every((a) => a.durationMs >= 0 && a.requestedBy === null)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('backs off 5 s, 30 s, 2 min... from a receiver that is down, and gives up when the message is a day old', async () => {
    const receiver = await startTestReceiver([200]);
    await receiver.close();
    const delivery = await queueDelivery(receiver.url);
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      await deliverDueWebhooks(harness.db, options);
      const row = await deliveryById(delivery.id);
      const [last] = (await attemptsOf(delivery.id)).slice(-1);
      expect(row.status).toBe('pending');
      waits.push(Math.round((row.nextAttemptAt.getTime() - last!.attemptedAt.getTime()) / 1000));
      await makeDue(delivery.id);
    }
    // random() = 0.5 is the middle of the ±20% jitter; a second either way for the clock between statements.
    expect(waits[0]).toBeCloseTo(5, -0.5);
    expect(waits[1]).toBeCloseTo(30, -0.5);
    expect(waits[2]).toBeCloseTo(120, -0.5);
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.every((a) => a.statusCode === null && /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    await harness.db.update(webhookDeliveries).set({ createdAt: sql`now() - interval '23 hours 59 minutes'` }).where(eq(webhookDeliveries.id, delivery.id));
    await deliverDueWebhooks(harness.db, options);
    expect(await deliveryById(delivery.id)).toMatchObject({ status: 'failed', attempts: 4 });
  });

  it('a secret the server can no longer decrypt is an error to fix, retried like any other, never an unsigned message', async () => {
    const receiver = await startTestReceiver([200]);
    try {
      const delivery = await queueDelivery(receiver.url);
      await deliverDueWebhooks(harness.db, { ...options, serverSecret: 'a-server-secret-that-changed-since-then' });
      const row = await deliveryById(delivery.id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
      expect(row.lastError).toMatch(/cannot be decrypted/);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('jitters each wait within ±20% and keeps repeating the longest wait', () => {
    expect(computeRetryDelayMs(1, () => 0)).toBe(4_000);
    expect(computeRetryDelayMs(1, () => 0.999999)).toBe(6_000);
    expect(computeRetryDelayMs(8, () => 0.5)).toBe(21_600_000);
    expect(computeRetryDelayMs(12, () => 0.5)).toBe(21_600_000);
  });

  it('refuses private, loopback and link-local receivers unless the instance allows them, without retrying', async () => {
    const receiver = await startTestReceiver([200]);
    try {
      for (const url of [receiver.url, receiver.url.replace('127.0.0.1', 'localhost')]) {
        const delivery = await queueDelivery(url);
        await deliverDueWebhooks(harness.db, { ...options, allowPrivate: false });
        expect(await deliveryById(delivery.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: PRIVATE_ADDRESS_REFUSAL });
      }
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(address), address).toBe(false);
  });

  it('a claim is the worker’s own until its lease lapses, then another worker retakes it', async () => {
    const delivery = await queueDelivery('https://receiver.example/lease');
    const [first] = await claimDueWebhookDeliveries(harness.db, { limit: 10 });
    expect(first?.id).toBe(delivery.id);
    expect(await claimDueWebhookDeliveries(harness.db, { limit: 10 })).toEqual([]);
    // The first worker crashed: its lease runs out.
    await harness.db.update(webhookDeliveries).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(webhookDeliveries.id, delivery.id));
    const [retaken] = await claimDueWebhookDeliveries(harness.db, { limit: 10 });
    expect(retaken?.id).toBe(delivery.id);
    await harness.db.update(webhookDeliveries).set({ status: 'failed', lockedUntil: null }).where(eq(webhookDeliveries.id, delivery.id));
  });

  it('a manager re-sends a delivery with the same message id; the attempt names them and the re-send is audited', async () => {
    const receiver = await startTestReceiver([200, 500]);
    try {
      const delivery = await queueDelivery(receiver.url);
      await expect(resendWebhookDelivery(harness.db, manager, projectId, delivery.id, options)).rejects.toMatchObject({ code: 'CONFLICT' });
      await deliverDueWebhooks(harness.db, options);
      const failedAgain = await resendWebhookDelivery(harness.db, manager, projectId, delivery.id, options);
      expect(failedAgain).toMatchObject({ statusCode: 500 });
      // The receiver had it once: a failed re-send does not take that back.
      expect(await deliveryById(delivery.id)).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 500 });
      expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([delivery.messageId, delivery.messageId]);
      const attempts = await attemptsOf(delivery.id);
      expect(attempts.map((a) => a.requestedBy)).toEqual([null, manager.userId]);
      const audit = await harness.db.select().from(auditEvents).where(eq(auditEvents.action, 'decision.webhook.resend'));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: manager.userId, subjectId: String(delivery.id) });
      await expect(resendWebhookDelivery(harness.db, manager, projectId + 1000, delivery.id, options)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await receiver.close();
    }
  });
});

import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, decisionWebhooks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getDecisionWebhookSettings, rotateDecisionWebhookSecret, setDecisionWebhookUrl } from './decision-webhook-settings';
import { decryptWebhookSecret, encryptWebhookSecret, generateWebhookSecret, resolveServerSecret } from './webhook-secret';

describe('webhook secret', () => {
  it('is a Standard Webhooks secret of 32 random bytes, fresh every time', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    // The library accepts it as a signing key.
    expect(new Webhook(secret).sign('msg_1', new Date(), '{}')).toMatch(/^v1,/);
  });

  it('is encrypted at rest: unreadable under another server secret or when altered', () => {
    const secret = generateWebhookSecret();
    const encrypted = encryptWebhookSecret('server-secret-one-that-is-long-enough', secret);
    expect(encrypted).not.toContain(secret.slice(6, 20));
    expect(encryptWebhookSecret('server-secret-one-that-is-long-enough', secret)).not.toBe(encrypted);
    expect(decryptWebhookSecret('server-secret-one-that-is-long-enough', encrypted)).toBe(secret);
    expect(() => decryptWebhookSecret('server-secret-two-that-is-long-enough', encrypted)).toThrow();
    const parts = encrypted.split('.');
    parts[3] = Buffer.from('whsec_forged').toString('base64url');
    expect(() => decryptWebhookSecret('server-secret-one-that-is-long-enough', parts.join('.'))).toThrow();
  });
});

describe('webhook settings', () => {
  let harness: TTestHarness;
  let manager: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Mona Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'hook-settings')).id;
  });
  afterAll(() => harness.close());

  it('shows the secret once, when the receiver is first set and at each rotation, and never audits it', async () => {
    expect(await getDecisionWebhookSettings(harness.db, projectId)).toEqual({ url: null, hasSecret: false, updatedAt: null });
    const first = await setDecisionWebhookUrl(harness.db, manager, projectId, 'https://receiver.example/hooks');
    expect(first.secret).toMatch(/^whsec_/);
    expect(await setDecisionWebhookUrl(harness.db, manager, projectId, 'https://receiver.example/v2')).toEqual({ secret: null });
    const settings = await getDecisionWebhookSettings(harness.db, projectId);
    expect(settings).toMatchObject({ url: 'https://receiver.example/v2', hasSecret: true });

    const rotated = await rotateDecisionWebhookSecret(harness.db, manager, projectId);
    expect(rotated.secret).not.toBe(first.secret);
    const [row] = await harness.db.select().from(decisionWebhooks).where(eq(decisionWebhooks.projectId, projectId));
    expect(decryptWebhookSecret(await resolveServerSecret(harness.db), row!.secretEncrypted)).toBe(rotated.secret);

    const audit = await harness.db.select().from(auditEvents).where(eq(auditEvents.projectId, projectId));
    const actions = audit.map((event) => event.action).filter((action) => action.startsWith('decision.'));
    expect(actions).toEqual(['decision.webhook.url', 'decision.webhook.url', 'decision.webhook.secret_rotated']);
    const trail = JSON.stringify(audit);
    for (const secret of [first.secret!, rotated.secret]) expect(trail).not.toContain(secret.slice(6));
    expect(trail).not.toContain(row!.secretEncrypted);
  });

  it('accepts only http(s) URLs without credentials, and clears the receiver with null', async () => {
    for (const url of ['ftp://receiver.example/x', 'javascript:alert(1)', 'https://user:pw@receiver.example/', `https://receiver.example/${'a'.repeat(2000)}`, 'not a url']) {
      await expect(setDecisionWebhookUrl(harness.db, manager, projectId, url), url).rejects.toThrow();
    }
    await setDecisionWebhookUrl(harness.db, manager, projectId, null);
    expect(await getDecisionWebhookSettings(harness.db, projectId)).toMatchObject({ url: null, hasSecret: true });
  });
});

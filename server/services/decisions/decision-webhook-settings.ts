import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionWebhooks } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { ZWebhookUrl } from './webhook-url';
import { encryptWebhookSecret, generateWebhookSecret, resolveServerSecret } from './webhook-secret';

export type TDecisionWebhookSettings = {
  url: string | null;
  hasSecret: boolean;
  updatedAt: Date | null;
};

export async function getDecisionWebhookSettings(db: Database, projectId: number): Promise<TDecisionWebhookSettings> {
  const [row] = await db.select({ url: decisionWebhooks.url, updatedAt: decisionWebhooks.updatedAt }).from(decisionWebhooks).where(eq(decisionWebhooks.projectId, projectId));
  return { url: row?.url ?? null, hasSecret: Boolean(row), updatedAt: row?.updatedAt ?? null };
}

/**
 * Sets (or clears, with null) the project's default receiver. The first time, a signing secret is
 * made too, since nothing may be sent unsigned: it is returned then and never again.
 */
export async function setDecisionWebhookUrl(db: Database, actor: TActor, projectId: number, url: string | null): Promise<{ secret: string | null }> {
  const parsed = url === null ? null : ZWebhookUrl.parse(url);
  const serverSecret = await resolveServerSecret(db);
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ url: decisionWebhooks.url }).from(decisionWebhooks).where(eq(decisionWebhooks.projectId, projectId)).for('update');
    let secret: string | null = null;
    if (current) {
      await tx.update(decisionWebhooks).set({ url: parsed, updatedAt: new Date() }).where(eq(decisionWebhooks.projectId, projectId));
    } else {
      secret = generateWebhookSecret();
      await tx.insert(decisionWebhooks).values({ projectId, url: parsed, secretEncrypted: encryptWebhookSecret(serverSecret, secret) });
    }
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: 'decision.webhook.url',
      subjectType: 'project',
      subjectId: projectId,
      before: { url: current?.url ?? null },
      after: { url: parsed, secretCreated: secret !== null },
    });
    return { secret };
  });
}

/**
 * Makes a new signing secret and returns it, the only time it is shown in full. Deliveries still
 * queued are signed with the new one from their next attempt: receivers should accept both for a
 * moment while they switch.
 */
export async function rotateDecisionWebhookSecret(db: Database, actor: TActor, projectId: number): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const secretEncrypted = encryptWebhookSecret(await resolveServerSecret(db), secret);
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .insert(decisionWebhooks)
      .values({ projectId, url: null, secretEncrypted })
      .onConflictDoUpdate({ target: decisionWebhooks.projectId, set: { secretEncrypted, updatedAt: new Date() } })
      .returning({ url: decisionWebhooks.url });
    // The secret itself never reaches the audit trail: only that it changed.
    await recordAuditEvent(tx, { actor, projectId, action: 'decision.webhook.secret_rotated', subjectType: 'project', subjectId: projectId, after: { url: existing?.url ?? null } });
  });
  return { secret };
}

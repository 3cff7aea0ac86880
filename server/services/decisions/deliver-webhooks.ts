import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { Database } from '@/db/client';
import { decisionWebhooks, webhookAttempts, webhookDeliveries } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { getEnv } from '@/server/env';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { decryptWebhookSecret, resolveServerSecret } from './webhook-secret';
import { sendWebhookRequest, type TWebhookResponse } from './send-webhook-request';

/** Waits after the 1st, 2nd... failed attempt; past the list, the last one repeats until the message is a day old. */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000] as const;
export const WEBHOOK_GIVE_UP_MS = 24 * 3_600_000;
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How long a claimed delivery stays ours: longer than an attempt can take, so only a crashed worker's claim lapses. */
export const WEBHOOK_LEASE_MS = 60_000;

export type TWebhookDelivery = typeof webhookDeliveries.$inferSelect;

export type TDeliveryOptions = {
  /** Instance setting: may receivers be on private, loopback or link-local addresses? */
  allowPrivate: boolean;
  /** The server's secret, which decrypts the projects' webhook secrets. */
  serverSecret: string;
  timeoutMs?: number;
  /** Uniform in [0, 1): the jitter of the retry delay (±20%). */
  random?: () => number;
};

/** The delay before the next attempt after `attempts` failed ones, with ±20% jitter so receivers coming back are not hit in step. */
export function computeRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = WEBHOOK_RETRY_DELAYS_MS[Math.min(attempts, WEBHOOK_RETRY_DELAYS_MS.length) - 1] ?? WEBHOOK_RETRY_DELAYS_MS[0];
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Claims up to `limit` due deliveries for this worker until the lease runs out. SKIP LOCKED lets
 * workers claim side by side; a claim whose worker died lapses at `lockedUntil` and is retaken.
 * The lease is stamped in whole milliseconds so the worker can match it exactly when it records.
 */
export async function claimDueWebhookDeliveries(db: Database, { limit, leaseMs = WEBHOOK_LEASE_MS }: { limit: number; leaseMs?: number }): Promise<TWebhookDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({ lockedUntil: sql`date_trunc('milliseconds', now()) + ${leaseMs} * interval '1 millisecond'` })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
}

/** The project's signing secret in clear, or null when none was ever made (per-case callbacks alone). */
async function readSigningSecret(db: Database, projectId: number, serverSecret: string): Promise<string | null> {
  const [row] = await db.select({ secretEncrypted: decisionWebhooks.secretEncrypted }).from(decisionWebhooks).where(eq(decisionWebhooks.projectId, projectId));
  return row ? decryptWebhookSecret(serverSecret, row.secretEncrypted) : null;
}

/** The server's secret changed since the webhook secret was encrypted: only a new webhook secret helps. */
const UNREADABLE_SECRET = 'not sent: the signing secret cannot be decrypted (was QUORUM_SECRET changed?); a manager must rotate it under Decisions → Settings';
const NO_SECRET = 'not sent: the project has no webhook signing secret yet (a manager creates one under Decisions → Settings)';

/** Signs and sends one message. The id and body are the delivery's own on every attempt, so receivers can deduplicate. */
async function sendDelivery(db: Database, delivery: TWebhookDelivery, options: TDeliveryOptions): Promise<TWebhookResponse> {
  let secret: string | null;
  try {
    secret = await readSigningSecret(db, delivery.projectId, options.serverSecret);
  } catch {
    return { statusCode: null, error: UNREADABLE_SECRET, durationMs: 0, isRefused: false };
  }
  if (!secret) return { statusCode: null, error: NO_SECRET, durationMs: 0, isRefused: false };
  const body = JSON.stringify(delivery.payload);
  // The header carries whole seconds, so the signed timestamp is the same whole second.
  const timestamp = new Date(Math.floor(Date.now() / 1000) * 1000);
  const headers = {
    'webhook-id': delivery.messageId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret).sign(delivery.messageId, timestamp, body),
  };
  return sendWebhookRequest(delivery.url, headers, body, { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS });
}

/**
 * One automatic attempt at a claimed delivery, then its next state: delivered on a 2xx; failed at
 * once when the receiver's host is refused (retrying cannot help); else retried after the backoff,
 * until the message is a day old. Recorded only while the claim is still ours.
 */
export async function attemptWebhookDelivery(db: Database, delivery: TWebhookDelivery, options: TDeliveryOptions): Promise<TWebhookResponse> {
  const response = await sendDelivery(db, delivery, options);
  const attempts = delivery.attempts + 1;
  const isDelivered = response.error === null;
  const delayMs = computeRetryDelayMs(attempts, options.random);
  const isExpired = Date.now() + delayMs - delivery.createdAt.getTime() > WEBHOOK_GIVE_UP_MS;
  const status = isDelivered ? 'delivered' : response.isRefused || isExpired ? 'failed' : 'pending';
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, durationMs: response.durationMs, statusCode: response.statusCode, error: response.error });
    await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        lastStatusCode: response.statusCode,
        lastError: response.error,
        lockedUntil: null,
        deliveredAt: isDelivered ? new Date() : null,
        nextAttemptAt: status === 'pending' ? sql`now() + ${delayMs} * interval '1 millisecond'` : undefined,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), delivery.lockedUntil ? eq(webhookDeliveries.lockedUntil, delivery.lockedUntil) : isNull(webhookDeliveries.lockedUntil)));
  });
  return response;
}

/** Claims due deliveries and attempts them, at most `concurrency` at a time; how many were attempted. */
export async function deliverDueWebhooks(db: Database, options: TDeliveryOptions & { limit?: number; concurrency?: number }): Promise<number> {
  const claimed = await claimDueWebhookDeliveries(db, { limit: options.limit ?? 20 });
  const queue = [...claimed];
  const run = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await attemptWebhookDelivery(db, next, options);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, run));
  return claimed.length;
}

/** The instance's delivery settings: its secret and whether private receivers are allowed. */
export async function resolveDeliveryOptions(db: Database): Promise<TDeliveryOptions> {
  return { serverSecret: await resolveServerSecret(db), allowPrivate: getEnv().QUORUM_WEBHOOK_ALLOW_PRIVATE };
}

export type TResendResult = { statusCode: number | null; error: string | null; durationMs: number };

/**
 * A manager sends a finished delivery (failed or delivered) once more, now, with the same message
 * id: a receiver that already has it deduplicates. A success marks it delivered; a failure leaves
 * its status as it was (no new retries). The attempt names who asked; the re-send is audited.
 */
export async function resendWebhookDelivery(
  db: Database,
  actor: TActor,
  projectId: number,
  deliveryId: number,
  options?: TDeliveryOptions,
): Promise<TResendResult> {
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ lockedUntil: sql`date_trunc('milliseconds', now()) + ${WEBHOOK_LEASE_MS} * interval '1 millisecond'` })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.projectId, projectId),
        inArray(webhookDeliveries.status, ['failed', 'delivered']),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
      ),
    )
    .returning();
  if (!claimed) {
    const [existing] = await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.projectId, projectId)));
    if (!existing) throw new AppError('NOT_FOUND', 'Delivery not found');
    throw new AppError('CONFLICT', existing.status === 'pending' ? 'This delivery is still being retried automatically' : 'A re-send of this delivery is already under way');
  }
  const response = await sendDelivery(db, claimed, options ?? (await resolveDeliveryOptions(db)));
  const isDelivered = response.error === null;
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId, durationMs: response.durationMs, statusCode: response.statusCode, error: response.error, requestedBy: actor.userId });
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: response.statusCode,
        lastError: response.error,
        lockedUntil: null,
        ...(isDelivered ? { status: 'delivered' as const, deliveredAt: new Date() } : {}),
      })
      .where(eq(webhookDeliveries.id, deliveryId));
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: 'decision.webhook.resend',
      subjectType: 'webhook_delivery',
      subjectId: deliveryId,
      before: { status: claimed.status },
      after: { messageId: claimed.messageId, statusCode: response.statusCode, error: response.error },
    });
  });
  return { statusCode: response.statusCode, error: response.error, durationMs: response.durationMs };
}

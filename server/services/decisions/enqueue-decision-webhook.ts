import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionWebhooks, webhookDeliveries } from '@/db/schema';

export const DECISION_WEBHOOK_EVENTS = ['decision.decided', 'decision.rejected', 'decision.escalated', 'decision.expired'] as const;
export type TDecisionWebhookEvent = (typeof DECISION_WEBHOOK_EVENTS)[number];

/**
 * Queues the webhook for a settled case, inside the transaction that settles it (so the message
 * exists if and only if the change does). The receiver is the case's own callbackUrl, else the
 * project's webhook URL; with neither, nothing is queued. `data` is the decision as the API shows
 * it. The message id is fixed here and kept across retries, so receivers can deduplicate.
 * Delivery (signing, retries) is server/services/decisions/deliver-webhooks.ts; call
 * `wakeWorkers(db)` after the commit for a prompt first attempt.
 */
export async function enqueueDecisionWebhook(
  tx: Database,
  decision: { id: string; projectId: number; callbackUrl: string | null },
  eventType: TDecisionWebhookEvent,
  data: Record<string, unknown>,
): Promise<{ messageId: string } | null> {
  let url = decision.callbackUrl;
  if (!url) {
    const [hook] = await tx.select({ url: decisionWebhooks.url }).from(decisionWebhooks).where(eq(decisionWebhooks.projectId, decision.projectId));
    url = hook?.url ?? null;
  }
  if (!url) return null;
  const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
  // The Standard Webhooks payload shape: type, timestamp, data.
  const payload = { type: eventType, timestamp: new Date().toISOString(), data };
  await tx.insert(webhookDeliveries).values({ projectId: decision.projectId, decisionId: decision.id, messageId, eventType, url, payload });
  return { messageId };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@/db/client';
import { applyDecisionRetentionToAll } from '@/server/services/decisions/apply-decision-retention';
import { attemptWebhookDelivery, claimDueWebhookDeliveries, resolveDeliveryOptions } from '@/server/services/decisions/deliver-webhooks';
import { waitForWake } from '@/server/services/jobs/wake-workers';

export type TDecisionTaskOptions = {
  db: Database;
  signal?: AbortSignal;
  /** How often due retries are looked for; a webhook queued in this process wakes the loop at once. */
  pollMs?: number;
  /** Webhooks in flight at once: a slow receiver holds one slot, not the queue. */
  concurrency?: number;
  retentionIntervalMs?: number;
};

const DEFAULT_POLL_MS = 500;
const DEFAULT_CONCURRENCY = 8;
const ERROR_BACKOFF_MS = 5_000;
const DAY_MS = 86_400_000;
/** The first retention run waits until start-up has settled. */
const RETENTION_FIRST_RUN_MS = 60_000;

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends decision webhooks until aborted: claims due deliveries into free slots, never waits for a
 * batch to finish before claiming more, and sleeps until woken or the next poll when nothing is due.
 */
export async function runWebhookDelivery({ db, signal, pollMs = DEFAULT_POLL_MS, concurrency = DEFAULT_CONCURRENCY }: TDecisionTaskOptions): Promise<void> {
  const options = await resolveDeliveryOptions(db);
  const inFlight = new Set<Promise<unknown>>();
  while (!signal?.aborted) {
    const free = concurrency - inFlight.size;
    if (free > 0) {
      let claimed: Awaited<ReturnType<typeof claimDueWebhookDeliveries>>;
      try {
        claimed = await claimDueWebhookDeliveries(db, { limit: free });
      } catch (error) {
        if (signal?.aborted) break;
        console.error(`[worker] cannot claim webhook deliveries: ${describeError(error)}`);
        await waitForWake(ERROR_BACKOFF_MS, signal);
        continue;
      }
      for (const delivery of claimed) {
        const attempt: Promise<unknown> = attemptWebhookDelivery(db, delivery, options)
          .catch((error: unknown) => console.error(`[worker] webhook ${delivery.messageId} could not be recorded: ${describeError(error)}`))
          .finally(() => inFlight.delete(attempt));
        inFlight.add(attempt);
      }
      // Every free slot filled: more may be due right now.
      if (claimed.length === free) continue;
    }
    await Promise.race([waitForWake(pollMs, signal), ...inFlight]);
  }
  await Promise.allSettled(inFlight);
}

/** Applies every project's decision retention once a day until aborted. */
export async function runDecisionRetention({ db, signal, retentionIntervalMs = DAY_MS }: TDecisionTaskOptions): Promise<void> {
  let delay = Math.min(RETENTION_FIRST_RUN_MS, retentionIntervalMs);
  for (;;) {
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      return;
    }
    delay = retentionIntervalMs;
    try {
      const outcomes = await applyDecisionRetentionToAll(db);
      for (const outcome of outcomes) {
        if (outcome.status === 'refused') console.error(`[worker] decision retention refused for project ${outcome.projectId}: the log breaks at entry ${outcome.break.seq} (${outcome.break.problem})`);
        else if (outcome.decisionsDeleted + outcome.logEntriesDeleted > 0) {
          console.info(`[worker] decision retention, project ${outcome.projectId}: ${outcome.decisionsDeleted} decisions and ${outcome.logEntriesDeleted} log entries before ${outcome.cutoff} removed`);
        }
      }
    } catch (error) {
      console.error(`[worker] decision retention failed: ${describeError(error)}`);
    }
  }
}

/** The decision tasks a worker runs beside its jobs: webhook delivery and the daily retention. */
export async function runDecisionTasks(options: TDecisionTaskOptions): Promise<void> {
  await Promise.all([runWebhookDelivery(options), runDecisionRetention(options)]);
}

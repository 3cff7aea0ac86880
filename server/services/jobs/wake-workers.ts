import type { Database } from '@/db/client';
import { publishSignals } from '@/server/services/events/publish-signals';
import { getProcessSignalBus } from '@/server/services/events/signal-bus';

const WAKE_TOPIC = 'wake';

/**
 * Work was queued (a job, a webhook): idle workers of this process and, on PostgreSQL, of every
 * other process look at once instead of at their next poll. Call after the commit.
 */
export function wakeWorkers(db: Database): Promise<void> {
  return publishSignals(db, [WAKE_TOPIC]);
}

/** Resolves at the next wake-up or after `ms`, whichever comes first. */
export function waitForWake(ms: number, signal?: AbortSignal): Promise<void> {
  return getProcessSignalBus().wait(WAKE_TOPIC, ms, signal);
}

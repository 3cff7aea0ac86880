import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@/db/client';
import { DEADLINE_SWEEP_BATCH, expireDecisions } from '@/server/services/decisions/expire-decisions';

export const DEADLINE_SWEEP_INTERVAL_MS = 5_000;

/**
 * Applies decision deadlines every few seconds until aborted (with `once`, until nothing is due).
 * A full batch means a backlog, so the next one follows at once. Any number of workers may run it:
 * each sweep skips the cases another holds.
 */
export async function runDeadlineSweep({
  db,
  signal,
  intervalMs = DEADLINE_SWEEP_INTERVAL_MS,
  once = false,
}: {
  db: Database;
  signal?: AbortSignal;
  intervalMs?: number;
  once?: boolean;
}): Promise<void> {
  while (!signal?.aborted) {
    let handled = 0;
    try {
      ({ handled } = await expireDecisions(db));
    } catch (error) {
      if (signal?.aborted) break;
      console.error(`[worker] the decision deadline sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (handled === DEADLINE_SWEEP_BATCH) continue;
    if (once) break;
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}

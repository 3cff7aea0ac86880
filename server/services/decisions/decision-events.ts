import type { Database } from '@/db/client';
import { publishSignals } from '@/server/services/events/publish-signals';
import { getProcessSignalBus } from '@/server/services/events/signal-bus';

const topicOf = (decisionId: string) => `decision:${decisionId}`;

/**
 * Wakes callers long-polling these decisions (`GET …/decisions/{id}?wait=`) in this process and, on
 * PostgreSQL, in every other app server, so they re-read at once. Call after the commit.
 */
export function notifyDecisionsChanged(db: Database, decisionIds: readonly string[]): Promise<void> {
  return publishSignals(db, decisionIds.map(topicOf));
}

/** Resolves when the decision is signalled as changed, after `ms`, or on abort, whichever comes first. */
export function waitForDecisionChange(decisionId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return getProcessSignalBus().wait(topicOf(decisionId), ms, signal);
}

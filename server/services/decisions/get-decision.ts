import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions } from '@/db/schema';
import { AppError } from '@/server/errors';
import { waitForDecisionChange } from './decision-events';
import { toDecisionView, type TDecisionView } from './decision-view';

/** How often a long-poll re-reads on its own: a signal from another process can be lost while its listening connection is down. */
export const WAIT_RECHECK_MS = 1_000;

/**
 * A decision of the project (404 for any other id). With `waitSeconds`, a pending decision is held
 * until it is settled or the time is up, whichever comes first: woken at once when any process on the
 * database settles it (notifyDecisionsChanged), re-read every second regardless, and given up when the
 * caller goes away (`signal`). Answers the decision as it stands then, pending or not.
 */
export async function getDecision(db: Database, projectId: number, decisionId: string, { waitSeconds = 0, signal }: { waitSeconds?: number; signal?: AbortSignal } = {}): Promise<TDecisionView> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const decision = await readDecision(db, projectId, decisionId);
    const remaining = deadline - Date.now();
    if (decision.status !== 'pending' || remaining <= 0 || signal?.aborted) return decision;
    await waitForDecisionChange(decisionId, Math.min(WAIT_RECHECK_MS, remaining), signal);
  }
}

async function readDecision(db: Database, projectId: number, decisionId: string): Promise<TDecisionView> {
  const [row] = await db
    .select()
    .from(decisions)
    // A gold check's id answers like an unknown one: other systems never learn that checks exist.
    .where(and(eq(decisions.projectId, projectId), eq(decisions.id, decisionId.slice(0, 100)), isNull(decisions.goldLabel)));
  if (!row) throw new AppError('NOT_FOUND', 'No such decision in this project');
  return toDecisionView(row);
}

import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import type { TCasePrediction } from './case-predictor';
import { canonicalJson } from './decision-chain';
import { routeCase } from './decision-policy';
import { MAX_BATCH_CASES, type TDecisionCase } from './decision-request';
import { describeNewDecision } from './describe-new-decision';
import { toDecisionView, type TDecisionView } from './decision-view';
import { readDecisionContext } from './read-decision-context';
import { writeDecisions } from './write-decisions';

/** A case's answer: the decision, and whether it was made now or is an earlier one returned for a retry. */
export type TCreatedDecision = { decision: TDecisionView; isReplay: boolean };

/**
 * Decides cases other systems send (one, or a batch of up to 1,000): the current model predicts, the
 * project's policy routes each case to the model or to people, and the decisions and their log entries
 * are stored together (write-decisions.ts). A case whose idempotency key was seen before returns the
 * decision made then; the same key with a different request is refused, and in a batch the refusal
 * stands in that case's place (`CONFLICT`) while the others go through.
 */
export async function createDecisions(db: Database, actor: TActor, projectId: number, cases: readonly TDecisionCase[]): Promise<(TCreatedDecision | AppError)[]> {
  if (cases.length === 0) return [];
  if (cases.length > MAX_BATCH_CASES) throw new AppError('BAD_REQUEST', `At most ${MAX_BATCH_CASES} cases per request`);
  const { settings, predictor, certificate, isMonitorTripped, noModelReason } = await readDecisionContext(db, projectId);
  const oversized = cases.findIndex((entry) => Buffer.byteLength(entry.text) > settings.maxTextBytes);
  if (oversized >= 0) {
    throw new AppError('BAD_REQUEST', `${cases.length > 1 ? `cases.${oversized}.text` : 'text'}: longer than this project's limit of ${settings.maxTextBytes} bytes`);
  }
  const { decisionPolicy: policy } = settings;
  const predictions: (TCasePrediction | null)[] = predictor ? predictor.predict(cases.map((entry) => entry.text)) : cases.map(() => null);
  // In milliseconds, not the database's microseconds: list cursors carry this time through JavaScript.
  const now = new Date();
  const context = { settings, predictor, certificate };
  const rows = cases.map((entry, i) => {
    const prediction = predictions[i]!;
    const payloadJson = entry.payload === undefined ? null : canonicalJson(entry.payload);
    const payloadBytes = payloadJson === null ? 0 : Buffer.byteLength(payloadJson);
    const route = routeCase(policy, { prediction, noModelReason, metadata: entry.metadata ?? {}, payloadBytes, certificate, isMonitorTripped }, Math.random);
    return describeNewDecision(projectId, context, { entry, prediction, route, createdBy: actor.userId, now });
  });
  const outcomes = await writeDecisions(db, projectId, rows);
  return outcomes.map((outcome) =>
    outcome.kind === 'conflict'
      ? new AppError('CONFLICT', `Idempotency key already used for another request (decision ${outcome.row.id})`)
      : { decision: toDecisionView(outcome.row), isReplay: outcome.kind === 'replayed' },
  );
}

/** One case; a refused retry throws. */
export async function createDecision(db: Database, actor: TActor, projectId: number, entry: TDecisionCase): Promise<TCreatedDecision> {
  const [result] = await createDecisions(db, actor, projectId, [entry]);
  if (result instanceof AppError) throw result;
  return result!;
}

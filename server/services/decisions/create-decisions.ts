import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import type { TCasePrediction } from './case-predictor';
import { canonicalJson, hashCanonicalJson } from './decision-chain';
import { hashDecisionInput } from './hash-decision-input';
import { isRoutedByCertificate, requiredApprovalsFor, routeCase } from './decision-policy';
import { MAX_BATCH_CASES, type TDecisionCase } from './decision-request';
import { toDecisionView, type TDecisionView } from './decision-view';
import { readDecisionContext } from './read-decision-context';
import { writeDecisions, type TNewDecision } from './write-decisions';

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
  const { settings, predictor, certificate, isMonitorTripped } = await readDecisionContext(db, projectId);
  const oversized = cases.findIndex((entry) => Buffer.byteLength(entry.text) > settings.maxTextBytes);
  if (oversized >= 0) {
    throw new AppError('BAD_REQUEST', `${cases.length > 1 ? `cases.${oversized}.text` : 'text'}: longer than this project's limit of ${settings.maxTextBytes} bytes`);
  }
  const { decisionPolicy: policy } = settings;
  const predictions: (TCasePrediction | null)[] = predictor ? predictor.predict(cases.map((entry) => entry.text)) : cases.map(() => null);
  // In milliseconds, not the database's microseconds: list cursors carry this time through JavaScript.
  const now = new Date();
  const rows = cases.map((entry, i): TNewDecision => {
    const prediction = predictions[i]!;
    const payloadJson = entry.payload === undefined ? null : canonicalJson(entry.payload);
    const metadata = entry.metadata ?? {};
    const payloadBytes = payloadJson === null ? 0 : Buffer.byteLength(payloadJson);
    const route = routeCase(policy, { prediction, metadata, payloadBytes, certificate, isMonitorTripped }, Math.random);
    const isAuto = route.route === 'auto';
    const isUnderCertificate = certificate !== null && isRoutedByCertificate(route.reason, prediction !== null);
    return {
      id: `dec_${randomBytes(16).toString('base64url')}`,
      projectId,
      idempotencyKey: entry.idempotencyKey ?? null,
      requestHash: hashCanonicalJson(describeRequest(entry)),
      inputHash: hashDecisionInput(entry.text, entry.payload),
      text: entry.text,
      payload: entry.payload ?? null,
      metadata,
      callbackUrl: entry.callbackUrl ?? null,
      deadline: entry.deadline ? new Date(entry.deadline) : null,
      status: isAuto ? 'decided' : 'pending',
      route: route.route,
      routeReason: route.reason,
      audit: route.audit,
      sampled: route.sampled,
      suggestionHidden: policy.blindReview || Math.random() < policy.blindShare,
      certificateId: isUnderCertificate ? certificate.id : null,
      certificate: isUnderCertificate ? certificate.record : null,
      modelVersionId: prediction ? predictor!.modelVersionId : null,
      modelHash: prediction ? predictor!.modelHash : null,
      predictedLabel: prediction?.label ?? null,
      probability: prediction?.probability ?? null,
      probabilities: prediction?.probabilities ?? null,
      policy,
      label: isAuto ? prediction!.label : null,
      outcomeReason: isAuto ? route.reason : null,
      decidedAt: isAuto ? now : null,
      requiredApprovals: isAuto ? 1 : requiredApprovalsFor(policy, prediction?.label ?? null),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
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

/** Everything that makes two requests the same request: a retry must repeat all of it. */
function describeRequest(entry: TDecisionCase): Record<string, unknown> {
  return {
    text: entry.text,
    payload: entry.payload ?? null,
    metadata: entry.metadata ?? {},
    callbackUrl: entry.callbackUrl ?? null,
    deadline: entry.deadline ? new Date(entry.deadline).toISOString() : null,
  };
}


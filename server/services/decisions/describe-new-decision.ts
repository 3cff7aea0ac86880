import { randomBytes } from 'node:crypto';
import type { TCasePrediction } from './case-predictor';
import { hashCanonicalJson } from './decision-chain';
import { isRoutedByCertificate, requiredApprovalsFor, type TRoute } from './decision-policy';
import type { TDecisionCase } from './decision-request';
import { hashDecisionInput } from './hash-decision-input';
import type { TDecisionContext } from './read-decision-context';
import type { TNewDecision } from './write-decisions';

/**
 * The row of a new case, routed: what `createDecisions` stores for a caller's case and what a hidden
 * gold check is stored as (gold-checks.ts), so the two cannot drift apart and give a check away.
 */
export function describeNewDecision(
  projectId: number,
  context: Pick<TDecisionContext, 'settings' | 'predictor' | 'certificate'>,
  { entry, prediction, route, createdBy, now }: { entry: TDecisionCase; prediction: TCasePrediction | null; route: TRoute; createdBy: string | null; now: Date },
): TNewDecision {
  const policy = context.settings.decisionPolicy;
  const { certificate, predictor } = context;
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
    metadata: entry.metadata ?? {},
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
    createdBy,
    createdAt: now,
    updatedAt: now,
  };
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

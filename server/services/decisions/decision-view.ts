import { z } from 'zod';
import { DECISION_ROUTES, DECISION_STATUSES, type decisions } from '@/db/schema';

/**
 * A decision as every door shows it: the REST API, its OpenAPI document, webhooks' `data`, the
 * CLI and the UI. One definition, so a caller polling and a caller receiving a webhook read the
 * same shape.
 */
export const ZDecisionView = z.object({
  id: z.string(),
  status: z.enum(DECISION_STATUSES),
  route: z.enum(DECISION_ROUTES),
  /** Why the case went where it went (TRouteReason). */
  routeReason: z.string(),
  /** The answer: a label of the project; null while pending or when rejected. */
  label: z.string().nullable(),
  /** Who settled it: the model, a person, or the deadline; null while pending. */
  decidedBy: z.enum(['model', 'human', 'deadline']).nullable(),
  outcomeReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  prediction: z
    .object({
      label: z.string(),
      probability: z.number(),
      probabilities: z.record(z.string(), z.number()),
      modelVersionId: z.number().int().nullable(),
      modelHash: z.string().nullable(),
    })
    .nullable(),
  /** The certified threshold the case was routed by (for a per-label certificate, its predicted label's); null: none. */
  threshold: z.number().nullable(),
  /** The approved certificate in force when the case arrived: the risk accepted and the evidence for it; null: none. */
  certificate: z
    .object({
      certificateId: z.number().int(),
      form: z.string(),
      alpha: z.number(),
      delta: z.number(),
      n: z.number().int(),
      k: z.number().int(),
      upperBound: z.number(),
      coverage: z.number(),
      calibration: z.object({ evalItems: z.number().int(), liveCases: z.number().int(), from: z.string().nullable(), to: z.string().nullable(), dataHash: z.string().nullable() }),
      modelHash: z.string(),
      approvedAt: z.string().nullable(),
    })
    .nullable(),
  audit: z.boolean(),
  requiredApprovals: z.number().int(),
  escalationLevel: z.number().int(),
  inputHash: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  deadline: z.string().nullable(),
  createdAt: z.string(),
});
export type TDecisionView = z.infer<typeof ZDecisionView>;

type TDecisionRow = typeof decisions.$inferSelect;

export function toDecisionView(row: TDecisionRow): TDecisionView {
  const certificate = row.certificate as (NonNullable<TDecisionView['certificate']> & { threshold?: number | null; labelThresholds?: Record<string, number | null> }) | null;
  const threshold = certificate?.labelThresholds ? (certificate.labelThresholds[row.predictedLabel ?? ''] ?? null) : (certificate?.threshold ?? null);
  return {
    id: row.id,
    status: row.status,
    route: row.route,
    routeReason: row.routeReason,
    label: row.label,
    decidedBy: describeDecider(row),
    outcomeReason: row.outcomeReason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    prediction:
      row.predictedLabel === null || row.probability === null
        ? null
        : { label: row.predictedLabel, probability: row.probability, probabilities: row.probabilities ?? {}, modelVersionId: row.modelVersionId, modelHash: row.modelHash },
    threshold,
    certificate: certificate
      ? {
          certificateId: certificate.certificateId,
          form: certificate.form,
          alpha: certificate.alpha,
          delta: certificate.delta,
          n: certificate.n,
          k: certificate.k,
          upperBound: certificate.upperBound,
          coverage: certificate.coverage,
          calibration: certificate.calibration,
          modelHash: certificate.modelHash,
          approvedAt: certificate.approvedAt,
        }
      : null,
    audit: row.audit,
    requiredApprovals: row.requiredApprovals,
    escalationLevel: row.escalationLevel,
    inputHash: row.inputHash,
    metadata: row.metadata,
    deadline: row.deadline?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function describeDecider(row: TDecisionRow): TDecisionView['decidedBy'] {
  if (row.status === 'pending') return null;
  if (row.decidedBy) return 'human';
  return row.outcomeReason?.startsWith('deadline_') ? 'deadline' : 'model';
}

import { z } from 'zod';
import type { TCertificateForm } from '@/db/schema';

/**
 * How a project decides the cases other systems send (issue 14): who decides, when the
 * model may, what always goes to people, and what happens at a deadline. One definition for
 * the settings form, the API and the router.
 */
export const DECISION_MODES = [
  /** The model decides where its confidence clears the threshold; people decide the rest. */
  'human_in_the_loop',
  /** The model decides everything; a random share is audited by people afterwards. */
  'human_on_the_loop',
  /** People decide everything (approval queues); the model's answer is a suggestion. */
  'human_only',
] as const;
export type TDecisionMode = (typeof DECISION_MODES)[number];

export const DEADLINE_ACTIONS = [
  /** The case is refused: the safe default for approvals (deny on timeout). */
  'reject',
  /** The case moves to a second reviewer and stays open. */
  'escalate',
  /** The model decides if its confidence clears the looser deadline threshold, else the case is refused. */
  'model',
  /** Nothing happens: the case waits for a person. */
  'pending',
] as const;
export type TDeadlineAction = (typeof DEADLINE_ACTIONS)[number];

const MAX_RULES = 50;

export const ZDecisionPolicy = z.object({
  mode: z.enum(DECISION_MODES).default('human_in_the_loop'),
  /**
   * Share of the cases the model routes that is drawn into a uniform sample, before routing: the
   * automatic ones are audited by people afterwards, the human-routed ones become calibration cases.
   * (There is no typed threshold: the model decides only above an approved certified threshold.)
   */
  auditShare: z.number().min(0).max(1).default(0.02),
  /** When the production monitor finds the audited error above α, send every case to people until a person resets it. */
  failClosed: z.boolean().default(true),
  /** Share of cases whose suggestion is hidden from reviewers (measures reliance on it); blindReview hides all. */
  blindShare: z.number().min(0).max(1).default(0),
  /** Share of a reviewer's queue made of hidden gold checks (cases with a known answer); 0: none. */
  goldShare: z.number().min(0).max(0.5).default(0),
  /** Cases whose predicted label is one of these always go to people. */
  escalateLabels: z.array(z.string().min(1).max(200)).max(MAX_RULES).default([]),
  /** Cases whose metadata has one of these key/value pairs always go to people. */
  escalateMetadata: z
    .array(z.object({ key: z.string().min(1).max(200), equals: z.union([z.string().max(1000), z.number(), z.boolean()]) }))
    .max(MAX_RULES)
    .default([]),
  /** Cases with a payload larger than this many bytes always go to people; null: no limit. */
  escalatePayloadBytes: z.number().int().min(0).nullable().default(null),
  /** The stop switch: every new case goes to people, whatever the mode. */
  stopped: z.boolean().default(false),
  /** Labels whose human decision needs several distinct reviewers to agree (M of N). */
  highStakesLabels: z.array(z.string().min(1).max(200)).max(MAX_RULES).default([]),
  /** How many distinct reviewers must agree on a high-stakes label. */
  highStakesApprovals: z.number().int().min(2).max(10).default(2),
  /** Hide the model's suggestion from reviewers (a guard against rubber-stamping). */
  blindReview: z.boolean().default(false),
  deadlineAction: z.enum(DEADLINE_ACTIONS).default('reject'),
  /** For deadlineAction 'model': the looser threshold the model must clear at the deadline. */
  deadlineThreshold: z.number().gt(0).max(1).nullable().default(null),
});
export type TDecisionPolicy = z.infer<typeof ZDecisionPolicy>;

/** Why a case went where it went: stored with the decision and sent to the caller. */
export const ROUTE_REASONS = [
  'stopped',
  'human_only',
  'no_model',
  'no_model_for_task',
  'escalate_label',
  'escalate_metadata',
  'escalate_payload_size',
  'not_certified',
  'monitor_tripped',
  'no_threshold',
  'below_threshold',
  'above_threshold',
  'on_the_loop',
] as const;
export type TRouteReason = (typeof ROUTE_REASONS)[number];

/** The approved certificate a case is routed under (db/schema/oversight.ts), as routing needs it. */
export type TRoutingCertificate = {
  id: number;
  form: TCertificateForm;
  /** 'error' and 'budget': the one threshold; null when nothing was certified (everything to people). */
  threshold: number | null;
  /** 'per_label': each label's threshold by name (null or missing: that label always goes to people). */
  labelThresholds: Readonly<Record<string, number | null>> | null;
};

export type TCaseForRouting = {
  /** The model's answer, or null when the project has no usable model. */
  prediction: { label: string; probability: number } | null;
  /** Why there is no prediction: 'no_model' (default), or 'no_model_for_task' when the project's models do not answer with one label. */
  noModelReason?: Extract<TRouteReason, 'no_model' | 'no_model_for_task'>;
  metadata: Readonly<Record<string, unknown>>;
  payloadBytes: number;
  /** The project's approved certificate for the model that predicted; null: the model decides nothing. */
  certificate: TRoutingCertificate | null;
  /** The production monitor found the audited error above α (fails closed when the policy says so). */
  isMonitorTripped: boolean;
};

export type TRoute = {
  route: 'auto' | 'human';
  reason: TRouteReason;
  /** Drawn into the uniform sample of the traffic the model routes (see auditShare). */
  sampled: boolean;
  /** An automatic decision also sent to people afterwards (the sampled automatic ones). */
  audit: boolean;
};

/**
 * Where a case goes under a policy. The order is the order of precedence: the stop switch
 * over everything, then human-only, a missing model, the always-escalate rules, a tripped
 * monitor (failing closed), a model without an approved certificate, and only then the
 * model's confidence against the certified threshold. On the loop, the approved certificate
 * is the person's acceptance of the model deciding everything.
 *
 * `random` (uniform in [0, 1)) draws the sample for every case that reaches the model's
 * part, before its route is known, so the sample is uniform over that traffic whatever the
 * threshold: its automatic cases are audited, its human-routed ones calibrate the next
 * certificate, and together they are unbiased (issue 15).
 */
export function routeCase(policy: TDecisionPolicy, input: TCaseForRouting, random: () => number): TRoute {
  const early = (reason: TRouteReason): TRoute => ({ route: 'human', reason, sampled: false, audit: false });
  if (policy.stopped) return early('stopped');
  if (policy.mode === 'human_only') return early('human_only');
  const { prediction, certificate } = input;
  if (!prediction) return early(input.noModelReason ?? 'no_model');
  if (policy.escalateLabels.includes(prediction.label)) return early('escalate_label');
  if (policy.escalateMetadata.some((rule) => Object.hasOwn(input.metadata, rule.key) && input.metadata[rule.key] === rule.equals)) return early('escalate_metadata');
  if (policy.escalatePayloadBytes !== null && input.payloadBytes > policy.escalatePayloadBytes) return early('escalate_payload_size');
  const sampled = random() < policy.auditShare;
  const human = (reason: TRouteReason): TRoute => ({ route: 'human', reason, sampled, audit: false });
  const auto = (reason: TRouteReason): TRoute => ({ route: 'auto', reason, sampled, audit: sampled });
  if (input.isMonitorTripped && policy.failClosed) return human('monitor_tripped');
  if (!certificate) return human('not_certified');
  if (policy.mode === 'human_on_the_loop') return auto('on_the_loop');
  const threshold = certificate.form === 'per_label' ? (certificate.labelThresholds?.[prediction.label] ?? null) : certificate.threshold;
  if (threshold === null) return human('no_threshold');
  return prediction.probability >= threshold ? auto('above_threshold') : human('below_threshold');
}

/**
 * Whether a case's route rests on the certificate, so its record carries it: every case the model's
 * part routed (automatic or not) does; the stop switch, human-only, the rules and a missing model don't.
 */
export function isRoutedByCertificate(reason: TRouteReason, hasPrediction: boolean): boolean {
  return hasPrediction && reason !== 'stopped' && reason !== 'human_only' && reason !== 'no_model' && reason !== 'no_model_for_task' && !reason.startsWith('escalate_');
}

/** What a pending case becomes when its deadline passes. */
export type TDeadlineOutcome =
  | { status: 'rejected'; reason: 'deadline_reject' | 'deadline_model_unsure' | 'deadline_model_uncertified' }
  | { status: 'escalated'; reason: 'deadline_escalate' }
  | { status: 'decided'; reason: 'deadline_model'; label: string }
  | { status: 'pending'; reason: 'deadline_pending' };

/**
 * `isCertified`: the case arrived under an approved certificate. The deadline threshold is a looser
 * bar a person typed, but only for a model version that was certified and approved at all: an
 * uncertified model decides nothing, not even at a deadline.
 */
export function resolveDeadline(policy: Pick<TDecisionPolicy, 'deadlineAction' | 'deadlineThreshold'>, prediction: TCaseForRouting['prediction'], isCertified: boolean): TDeadlineOutcome {
  switch (policy.deadlineAction) {
    case 'reject':
      return { status: 'rejected', reason: 'deadline_reject' };
    case 'escalate':
      return { status: 'escalated', reason: 'deadline_escalate' };
    case 'pending':
      return { status: 'pending', reason: 'deadline_pending' };
    case 'model':
      if (!isCertified) return { status: 'rejected', reason: 'deadline_model_uncertified' };
      return prediction && policy.deadlineThreshold !== null && prediction.probability >= policy.deadlineThreshold
        ? { status: 'decided', reason: 'deadline_model', label: prediction.label }
        : { status: 'rejected', reason: 'deadline_model_unsure' };
  }
}

/** Distinct reviewers who must agree before a human decision on `label` stands. */
export function requiredApprovalsFor(policy: Pick<TDecisionPolicy, 'highStakesLabels' | 'highStakesApprovals'>, label: string | null): number {
  return label !== null && policy.highStakesLabels.includes(label) ? policy.highStakesApprovals : 1;
}

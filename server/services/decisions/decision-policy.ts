import { z } from 'zod';

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
  /** Lowest model probability of the predicted label that the model may decide alone; null: never. */
  threshold: z.number().gt(0).max(1).nullable().default(null),
  /** Share of the model's decisions sent to people afterwards, drawn at random (unbiased audit data). */
  auditShare: z.number().min(0).max(1).default(0.02),
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
  'escalate_label',
  'escalate_metadata',
  'escalate_payload_size',
  'no_threshold',
  'below_threshold',
  'above_threshold',
  'on_the_loop',
] as const;
export type TRouteReason = (typeof ROUTE_REASONS)[number];

export type TCaseForRouting = {
  /** The model's answer, or null when the project has no usable model. */
  prediction: { label: string; probability: number } | null;
  metadata: Readonly<Record<string, unknown>>;
  payloadBytes: number;
};

export type TRoute = {
  route: 'auto' | 'human';
  reason: TRouteReason;
  /** An automatic decision also sent to people afterwards (random audit). */
  audit: boolean;
};

/**
 * Where a case goes under a policy. The order is the order of precedence: the stop switch
 * over everything, then human-only, a missing model, the always-escalate rules, and only
 * then the model's confidence. `random` draws the audit (uniform in [0, 1)); it is drawn for
 * every automatic decision, so the audited share is unbiased.
 */
export function routeCase(policy: TDecisionPolicy, input: TCaseForRouting, random: () => number): TRoute {
  const human = (reason: TRouteReason): TRoute => ({ route: 'human', reason, audit: false });
  if (policy.stopped) return human('stopped');
  if (policy.mode === 'human_only') return human('human_only');
  const { prediction } = input;
  if (!prediction) return human('no_model');
  if (policy.escalateLabels.includes(prediction.label)) return human('escalate_label');
  if (policy.escalateMetadata.some((rule) => Object.hasOwn(input.metadata, rule.key) && input.metadata[rule.key] === rule.equals)) return human('escalate_metadata');
  if (policy.escalatePayloadBytes !== null && input.payloadBytes > policy.escalatePayloadBytes) return human('escalate_payload_size');
  const auto = (reason: TRouteReason): TRoute => ({ route: 'auto', reason, audit: random() < policy.auditShare });
  if (policy.mode === 'human_on_the_loop') return auto('on_the_loop');
  if (policy.threshold === null) return human('no_threshold');
  return prediction.probability >= policy.threshold ? auto('above_threshold') : human('below_threshold');
}

/** What a pending case becomes when its deadline passes. */
export type TDeadlineOutcome =
  | { status: 'rejected'; reason: 'deadline_reject' | 'deadline_model_unsure' }
  | { status: 'escalated'; reason: 'deadline_escalate' }
  | { status: 'decided'; reason: 'deadline_model'; label: string }
  | { status: 'pending'; reason: 'deadline_pending' };

export function resolveDeadline(policy: Pick<TDecisionPolicy, 'deadlineAction' | 'deadlineThreshold'>, prediction: TCaseForRouting['prediction']): TDeadlineOutcome {
  switch (policy.deadlineAction) {
    case 'reject':
      return { status: 'rejected', reason: 'deadline_reject' };
    case 'escalate':
      return { status: 'escalated', reason: 'deadline_escalate' };
    case 'pending':
      return { status: 'pending', reason: 'deadline_pending' };
    case 'model':
      return prediction && policy.deadlineThreshold !== null && prediction.probability >= policy.deadlineThreshold
        ? { status: 'decided', reason: 'deadline_model', label: prediction.label }
        : { status: 'rejected', reason: 'deadline_model_unsure' };
  }
}

/** Distinct reviewers who must agree before a human decision on `label` stands. */
export function requiredApprovalsFor(policy: Pick<TDecisionPolicy, 'highStakesLabels' | 'highStakesApprovals'>, label: string | null): number {
  return label !== null && policy.highStakesLabels.includes(label) ? policy.highStakesApprovals : 1;
}

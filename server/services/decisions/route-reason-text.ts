import type { TRouteReason } from './decision-policy';

/** Why a case reached people (or not), in the words the reviewers' queue shows. */
export const ROUTE_REASON_TEXT: Record<TRouteReason, string> = {
  stopped: 'The stop switch is on: every new case goes to people',
  human_only: 'People decide every case in this project (approval queue)',
  no_model: 'No approved model could answer',
  no_model_for_task: 'This project’s model answers with a set of labels or with spans, and cases are decided with one label: people decide every case',
  escalate_label: 'The model’s answer is a label that always goes to people',
  escalate_metadata: 'Its metadata matches a rule that always sends cases to people',
  escalate_payload_size: 'Its payload is larger than the limit for automatic decisions',
  not_certified: 'The model has no approved certified threshold, so it decides nothing alone',
  monitor_tripped: 'The audits show the model’s error above the accepted risk: every case goes to people until someone resets the monitor',
  no_threshold: 'No threshold could be certified for this answer, so people decide it',
  below_threshold: 'The model is unsure: its confidence is below the threshold certified for it',
  above_threshold: 'Decided by the model (confidence at or above the certified threshold)',
  on_the_loop: 'Decided by the model (human-on-the-loop)',
};

export function describeRouteReason(reason: string): string {
  return Object.hasOwn(ROUTE_REASON_TEXT, reason) ? ROUTE_REASON_TEXT[reason as TRouteReason] : reason;
}

/**
 * One result shape for every agreement statistic, so the CLI, the web UI and the bootstrap can treat
 * them alike. A statistic that is undefined on the data says why instead of returning NaN.
 */

export type TMetricEstimate = { value: number; ci95: [number, number] | null };
export type TMetricUnavailable = { value: null; reason: string };
export type TMetric = TMetricEstimate | TMetricUnavailable;

/** Kappa-style coefficients: (observed − chance) / (1 − chance), with both parts exposed. */
export type TAgreementCoefficient =
  | (TMetricEstimate & { observedAgreement: number; chanceAgreement: number })
  | TMetricUnavailable;

/** Krippendorff's alpha: 1 − observed / expected disagreement. */
export type TDisagreementCoefficient =
  | (TMetricEstimate & { observedDisagreement: number; expectedDisagreement: number })
  | TMetricUnavailable;

export const NO_RATINGS_REASON = 'no ratings';
export const NO_OVERLAP_REASON = 'no item has two or more ratings';

export function markUnavailable(reason: string): TMetricUnavailable {
  return { value: null, reason };
}

// Below this, 1 − chance is rounding noise and the coefficient is 0/0, not a number worth printing.
const DEGENERATE_EPSILON = 1e-12;

export function correctForChance(observedAgreement: number, chanceAgreement: number, reasonIfUndefined: string): TAgreementCoefficient {
  if (1 - chanceAgreement < DEGENERATE_EPSILON) return markUnavailable(reasonIfUndefined);
  return {
    value: (observedAgreement - chanceAgreement) / (1 - chanceAgreement),
    ci95: null,
    observedAgreement,
    chanceAgreement,
  };
}

export function compareDisagreement(observedDisagreement: number, expectedDisagreement: number, reasonIfUndefined: string): TDisagreementCoefficient {
  if (expectedDisagreement < DEGENERATE_EPSILON) return markUnavailable(reasonIfUndefined);
  return {
    value: 1 - observedDisagreement / expectedDisagreement,
    ci95: null,
    observedDisagreement,
    expectedDisagreement,
  };
}

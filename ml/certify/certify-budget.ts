import { tallyThresholds, type ThresholdTally } from './threshold-tally';

export type BudgetCertification = {
  /** The lowest grid threshold that keeps the budget, or null when even the first does not. */
  threshold: number | null;
  /** Share of the calibration cases at or above it: what the model would decide alone. */
  coverage: number;
  /** Calibration cases at or above the threshold, and the wrong ones among them. */
  cases: number;
  errors: number;
  /** R̂(λ̂) = errors / calibrationSize: the share of all calibration cases decided automatically and wrongly. */
  empiricalRisk: number;
  /** (n/(n+1))·R̂(λ̂) + 1/(n+1), the quantity held to α; null when no threshold keeps the budget. */
  riskBound: number | null;
  calibrationSize: number;
};

/**
 * The budget form: bound the share of all traffic that is decided automatically and wrongly, by
 * conformal risk control (Angelopoulos et al. 2022, arXiv 2208.02814). The loss of case i at λ is
 * 1[score_i ≥ λ and wrong_i], in [0, 1] and non-increasing in λ, so its mean R̂(λ) over the n
 * calibration cases is too. λ̂ is the lowest grid threshold, walking down, with
 * (n/(n+1))·R̂(λ) + 1/(n+1) ≤ α; as R̂ only grows on the way down, the first failure ends the walk.
 *
 * The guarantee is in expectation, not with probability 1 − δ: E[share of future cases automatic
 * and wrong] ≤ α, the expectation taken over the calibration set too. One calibration set can
 * land above α; the average over many cannot. Calibration cases must be drawn like future ones.
 * With fewer than 1/α − 1 cases nothing passes, and everything goes to people.
 */
export function certifyBudget({
  scores,
  isError,
  grid,
  alpha,
}: {
  scores: ArrayLike<number>;
  isError: ArrayLike<number>;
  /** Thresholds to walk, strictly descending. */
  grid: readonly number[];
  alpha: number;
}): BudgetCertification {
  return certifyBudgetTally({ tally: tallyThresholds({ scores, isError, grid }), alpha });
}

/** certifyBudget on cases already counted per threshold (a streamed file). */
export function certifyBudgetTally({ tally, alpha }: { tally: ThresholdTally; alpha: number }): BudgetCertification {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`α must be in (0, 1), got ${alpha}`);
  const n = tally.total;
  let best: { j: number; riskBound: number } | null = null;
  for (let j = 0; j < tally.grid.length; j++) {
    // Compared as (k + 1)/(n + 1) ≤ α, the same quantity without a division by n.
    const riskBound = (tally.errors[j]! + 1) / (n + 1);
    if (riskBound > alpha) break;
    best = { j, riskBound };
  }
  if (best === null) return { threshold: null, coverage: 0, cases: 0, errors: 0, empiricalRisk: 0, riskBound: null, calibrationSize: n };
  // A threshold passed, so 1/(n + 1) ≤ α < 1 and n > 0.
  const cases = tally.cases[best.j]!;
  const errors = tally.errors[best.j]!;
  return {
    threshold: tally.grid[best.j]!,
    coverage: cases / n,
    cases,
    errors,
    empiricalRisk: errors / n,
    riskBound: best.riskBound,
    calibrationSize: n,
  };
}

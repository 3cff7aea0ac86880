import { binomialCdf } from './binomial-cdf';
import { clopperPearsonUpper } from './clopper-pearson';
import { tallyThresholds, type ThresholdTally } from './threshold-tally';

export type CertificationStep = {
  threshold: number;
  cases: number;
  errors: number;
  /** Null when the threshold was passed over: too few cases above it to certify even without errors. */
  pValue: number | null;
  isCertified: boolean;
};

export type Certification = {
  /** The lowest grid threshold certified, or null when even the first fails. */
  threshold: number | null;
  /** Share of the calibration cases at or above it: what the model would decide alone. */
  coverage: number;
  /** Calibration cases at or above the certified threshold (0 when none). */
  cases: number;
  /** The model's errors among them. */
  errors: number;
  calibrationSize: number;
  /** Fewest cases a threshold needs above it to be certified at all (with no errors). */
  minCases: number;
  /** Clopper–Pearson upper bound on the error rate above the certified threshold (1 when none). */
  errorUpperBound: number;
  steps: CertificationStep[];
};

/** The largest grid accepted: a million thresholds, far finer than any score is meaningful. */
const MAX_GRID_INTERVALS = 1_000_000;

/**
 * Learn then Test with fixed-sequence testing (Angelopoulos et al. 2021, arXiv 2110.01052):
 * for thresholds λ₁ > λ₂ > … fixed before looking at the data, test H₀: "error rate above λ
 * exceeds α" with the binomial p-value P(Bin(n(λ), α) ≤ k(λ)), certify while p ≤ δ, and stop
 * at the first failure. Then P(error | score ≥ λ̂) ≤ α with probability ≥ 1 − δ, provided the
 * calibration cases are drawn like the future ones: uniformly (random audits, the evaluation
 * set), never the cases routed to people for being uncertain.
 *
 * Thresholds with fewer cases above them than a certification could ever need (n < ln δ /
 * ln(1 − α), where even zero errors fail) are passed over rather than failed: which
 * thresholds are tested then depends on the scores alone, never on the errors, so the tests
 * stay valid given the scores, and a grid that starts where data is thin does not stop at once.
 */
export function certifyThreshold({
  scores,
  isError,
  grid,
  alpha,
  delta,
}: {
  /** Model confidence of each calibration case. */
  scores: ArrayLike<number>;
  /** Whether the model's answer on that case was wrong (1) or right (0). */
  isError: ArrayLike<number>;
  /** Thresholds to test, strictly descending. */
  grid: readonly number[];
  alpha: number;
  delta: number;
}): Certification {
  return certifyTally({ tally: tallyThresholds({ scores, isError, grid }), alpha, delta });
}

/** certifyThreshold on cases already counted per threshold (a streamed file, one label's cases). */
export function certifyTally({ tally, alpha, delta }: { tally: ThresholdTally; alpha: number; delta: number }): Certification {
  const minCases = minimumCasesToCertify(alpha, delta);
  const steps: CertificationStep[] = [];
  let threshold: number | null = null;
  let certifiedCases = 0;
  let certifiedErrors = 0;
  for (let j = 0; j < tally.grid.length; j++) {
    const lambda = tally.grid[j]!;
    const cases = tally.cases[j]!;
    const errors = tally.errors[j]!;
    if (cases < minCases) {
      steps.push({ threshold: lambda, cases, errors, pValue: null, isCertified: false });
      continue;
    }
    const pValue = binomialCdf(cases, alpha, errors);
    const isCertified = pValue <= delta;
    steps.push({ threshold: lambda, cases, errors, pValue, isCertified });
    if (!isCertified) break;
    threshold = lambda;
    certifiedCases = cases;
    certifiedErrors = errors;
  }
  return {
    threshold,
    coverage: tally.total === 0 ? 0 : certifiedCases / tally.total,
    cases: certifiedCases,
    errors: certifiedErrors,
    calibrationSize: tally.total,
    minCases,
    errorUpperBound: threshold === null ? 1 : clopperPearsonUpper(certifiedErrors, certifiedCases, delta),
    steps,
  };
}

/**
 * The smallest n with P(Bin(n, α) ≤ 0) = (1 − α)ⁿ ≤ δ, i.e. ⌈ln δ / ln(1 − α)⌉ (299 for α = 1%,
 * δ = 5%). Settled with the same binomialCdf the test uses, so that a threshold passed over is
 * exactly one the test would have failed even without errors: ln 0.25 / ln 0.5 is 2 only up to
 * rounding, and a ceiling of the quotient alone could ask for a case too many.
 */
export function minimumCasesToCertify(alpha: number, delta: number): number {
  if (!(alpha > 0 && alpha < 1) || !(delta > 0 && delta < 1)) throw new RangeError('α and δ must be in (0, 1)');
  let n = Math.max(1, Math.floor(Math.log(delta) / Math.log1p(-alpha)));
  while (n > 1 && binomialCdf(n - 1, alpha, 0) <= delta) n--;
  while (binomialCdf(n, alpha, 0) > delta) n++;
  return n;
}

/**
 * λ_j = 1 − j·step for j = 0 … 1/step, fixed in advance (fixed-sequence testing pays nothing for
 * the grid's length). Each λ_j is computed as (m − j)/m with m = 1/step, a quotient of integers,
 * so it is the double nearest the decimal (0.3, not 1 − 0.7 = 0.30000000000000004) and a score
 * written as 0.3 clears the threshold 0.3.
 */
export function defaultThresholdGrid(step = 0.001): number[] {
  if (!(step > 0 && step <= 0.5)) throw new RangeError(`the grid step must be in (0, 0.5], got ${step}`);
  const intervals = Math.round(1 / step);
  if (Math.abs(1 / step - intervals) > 1e-9) throw new RangeError(`the grid step must divide 1 into a whole number of intervals, got ${step}`);
  if (intervals > MAX_GRID_INTERVALS) throw new RangeError(`the grid step must be at least ${1 / MAX_GRID_INTERVALS}, got ${step}`);
  return Array.from({ length: intervals + 1 }, (_, j) => (intervals - j) / intervals);
}

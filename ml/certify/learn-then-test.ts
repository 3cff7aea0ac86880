import { binomialCdf } from './binomial-cdf';
import { clopperPearsonUpper } from './clopper-pearson';

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
  /** Clopper–Pearson upper bound on the error rate above the certified threshold (1 when none). */
  errorUpperBound: number;
  steps: CertificationStep[];
};

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
  if (scores.length !== isError.length) throw new RangeError(`${scores.length} scores for ${isError.length} outcomes`);
  if (!(alpha > 0 && alpha < 1) || !(delta > 0 && delta < 1)) throw new RangeError('α and δ must be in (0, 1)');
  for (let g = 1; g < grid.length; g++) if (!(grid[g]! < grid[g - 1]!)) throw new RangeError('the threshold grid must be strictly descending');
  // Cases sorted by descending score: n(λ) and k(λ) grow as λ walks down the grid.
  const minCases = Math.ceil(Math.log(delta) / Math.log(1 - alpha));
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const steps: CertificationStep[] = [];
  let threshold: number | null = null;
  let at = 0;
  let errors = 0;
  let certifiedCases = 0;
  let certifiedErrors = 0;
  for (const lambda of grid) {
    while (at < order.length && scores[order[at]!]! >= lambda) errors += isError[order[at++]!] ? 1 : 0;
    if (at < minCases) {
      steps.push({ threshold: lambda, cases: at, errors, pValue: null, isCertified: false });
      continue;
    }
    const pValue = binomialCdf(at, alpha, errors);
    const isCertified = pValue <= delta;
    steps.push({ threshold: lambda, cases: at, errors, pValue, isCertified });
    if (!isCertified) break;
    threshold = lambda;
    certifiedCases = at;
    certifiedErrors = errors;
  }
  return {
    threshold,
    coverage: scores.length === 0 ? 0 : certifiedCases / scores.length,
    errorUpperBound: threshold === null ? 1 : clopperPearsonUpper(certifiedErrors, certifiedCases, delta),
    steps,
  };
}

/** A fine descending grid fixed in advance (fixed-sequence testing pays nothing for its length). */
export function defaultThresholdGrid(): number[] {
  return Array.from({ length: 500 }, (_, i) => Math.round((0.999 - i * 0.001) * 1000) / 1000);
}

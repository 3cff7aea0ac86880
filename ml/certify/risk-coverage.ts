import { clopperPearsonUpper } from './clopper-pearson';
import type { ThresholdTally } from './threshold-tally';

export type RiskCoveragePoint = {
  threshold: number;
  /** Share of all cases at or above the threshold: what the model would decide alone. */
  coverage: number;
  cases: number;
  errors: number;
  /** Clopper–Pearson upper bound at 1 − δ on the error rate above the threshold (1 with no cases). */
  upperBound: number;
};

/**
 * The risk–coverage curve: for each threshold of the tally's descending grid, how many cases the
 * model would decide and its errors among them, with the error's upper bound. Thinned to at most
 * `maxPoints` points that differ in coverage (a flat stretch of the grid adds nothing to a chart).
 */
export function riskCoverageCurve({ tally, delta, maxPoints = 200 }: { tally: ThresholdTally; delta: number; maxPoints?: number }): RiskCoveragePoint[] {
  const raw: { threshold: number; cases: number; errors: number }[] = [];
  tally.grid.forEach((threshold, j) => {
    const cases = tally.cases[j]!;
    if (raw.length > 0 && raw[raw.length - 1]!.cases === cases) return;
    raw.push({ threshold, cases, errors: tally.errors[j]! });
  });
  const step = Math.max(1, Math.ceil(raw.length / maxPoints));
  const kept = raw.filter((_, i) => i % step === 0 || i === raw.length - 1);
  return kept.map((point) => ({
    ...point,
    coverage: tally.total === 0 ? 0 : point.cases / tally.total,
    upperBound: point.cases === 0 ? 1 : clopperPearsonUpper(point.errors, point.cases, delta),
  }));
}

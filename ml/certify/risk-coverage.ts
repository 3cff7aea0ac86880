import { clopperPearsonUpper } from './clopper-pearson';

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
 * The risk–coverage curve: for each threshold of a descending grid, how many cases the model would
 * decide and its errors among them, with the error's upper bound. Thinned to at most `maxPoints`
 * points that differ in coverage (a flat stretch of the grid adds nothing to a chart).
 */
export function riskCoverageCurve({
  scores,
  isError,
  grid,
  delta,
  maxPoints = 200,
}: {
  scores: ArrayLike<number>;
  isError: ArrayLike<number>;
  grid: readonly number[];
  delta: number;
  maxPoints?: number;
}): RiskCoveragePoint[] {
  if (scores.length !== isError.length) throw new RangeError(`${scores.length} scores for ${isError.length} outcomes`);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const raw: { threshold: number; cases: number; errors: number }[] = [];
  let at = 0;
  let errors = 0;
  for (const threshold of grid) {
    while (at < order.length && scores[order[at]!]! >= threshold) errors += isError[order[at++]!] ? 1 : 0;
    if (raw.length > 0 && raw[raw.length - 1]!.cases === at) continue;
    raw.push({ threshold, cases: at, errors });
  }
  const step = Math.max(1, Math.ceil(raw.length / maxPoints));
  const kept = raw.filter((_, i) => i % step === 0 || i === raw.length - 1);
  const total = scores.length;
  return kept.map((point) => ({
    ...point,
    coverage: total === 0 ? 0 : point.cases / total,
    upperBound: point.cases === 0 ? 1 : clopperPearsonUpper(point.errors, point.cases, delta),
  }));
}

export type CurvePoint = { labels: number; accuracy: number; macroF1: number };
export type MeanCurvePoint = CurvePoint & { accuracyMin: number; accuracyMax: number; runs: number };

/**
 * Pointwise mean of several runs' curves (one per seed) at the label counts they share.
 * Runs normally share their grid (same batch size and budget); a label count some run
 * never reached (a smaller pool) is left out rather than averaged over fewer runs.
 */
export function averageCurves(runs: readonly (readonly CurvePoint[])[]): MeanCurvePoint[] {
  if (runs.length === 0) return [];
  const byLabels = new Map<number, CurvePoint[]>();
  for (const run of runs) for (const point of run) byLabels.set(point.labels, [...(byLabels.get(point.labels) ?? []), point]);
  return [...byLabels.entries()]
    .filter(([, points]) => points.length === runs.length)
    .sort(([a], [b]) => a - b)
    .map(([labels, points]) => ({
      labels,
      accuracy: mean(points.map((p) => p.accuracy)),
      macroF1: mean(points.map((p) => p.macroF1)),
      accuracyMin: Math.min(...points.map((p) => p.accuracy)),
      accuracyMax: Math.max(...points.map((p) => p.accuracy)),
      runs: points.length,
    }));
}

/**
 * Area under the accuracy curve (trapezoids over label counts) divided by the label range
 * it spans: the curve's average accuracy, comparable across strategies run on one grid.
 */
export function computeAulc(curve: readonly CurvePoint[]): number | null {
  if (curve.length === 0) return null;
  if (curve.length === 1) return curve[0]!.accuracy;
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    area += ((a.accuracy + b.accuracy) / 2) * (b.labels - a.labels);
  }
  return area / (curve.at(-1)!.labels - curve[0]!.labels);
}

/** The first label count whose accuracy reaches `share` × fullAccuracy; null if none does. */
export function findLabelsToReach(curve: readonly CurvePoint[], fullAccuracy: number, share = 0.95): number | null {
  const target = share * fullAccuracy;
  return curve.find((point) => point.accuracy >= target)?.labels ?? null;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The first label count whose accuracy reaches an absolute `target`; null if none does. */
export function findLabelsToAccuracy(curve: readonly CurvePoint[], target: number): number | null {
  return curve.find((point) => point.accuracy >= target)?.labels ?? null;
}

/** Accuracy at `labels`, linearly interpolated between the curve's points; null outside the curve. */
export function interpolateAccuracy(curve: readonly CurvePoint[], labels: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    const point = curve[i]!;
    if (point.labels === labels) return point.accuracy;
    if (point.labels > labels) {
      if (i === 0) return null;
      const previous = curve[i - 1]!;
      const t = (labels - previous.labels) / (point.labels - previous.labels);
      return previous.accuracy + t * (point.accuracy - previous.accuracy);
    }
  }
  return null;
}

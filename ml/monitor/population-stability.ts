import { shareAtOrAbove, type TSurvivalPoint } from './survival-ks';

/** One bin of the index: scores in [from, to) (null: unbounded) and each side's share. */
export type TStabilityBin = { from: number | null; to: number | null; reference: number; live: number };

/** A share below this counts as this much, so an empty bin adds a large but finite term (common practice). */
export const PSI_FLOOR = 1e-4;

/**
 * The population stability index of live scores against a reference known through its survival
 * function: Σ (live − ref) · ln(live / ref) over bins of about equal reference mass (deciles by
 * default), cut at the reference's own thresholds. A reference point is an edge when its share is
 * strictly between 0 and 1 and below the previous edge's, so every bin holds reference mass.
 */
export function populationStabilityIndex(sortedScores: ArrayLike<number>, reference: readonly TSurvivalPoint[], binCount = 10): { index: number; bins: TStabilityBin[] } {
  if (!(Number.isInteger(binCount) && binCount >= 2)) throw new RangeError(`need at least 2 bins, got ${binCount}`);
  const edges = chooseEdges(reference, binCount);
  const bins: TStabilityBin[] = [];
  const cut: { threshold: number | null; share: number }[] = [{ threshold: null, share: 1 }, ...edges, { threshold: null, share: 0 }];
  for (let i = 0; i + 1 < cut.length; i++) {
    const from = cut[i]!;
    const to = cut[i + 1]!;
    const liveFrom = from.threshold === null ? 1 : shareAtOrAbove(sortedScores, from.threshold);
    const liveTo = to.threshold === null ? 0 : shareAtOrAbove(sortedScores, to.threshold);
    bins.push({ from: from.threshold, to: to.threshold, reference: from.share - to.share, live: liveFrom - liveTo });
  }
  let index = 0;
  for (const bin of bins) {
    const live = Math.max(bin.live, PSI_FLOOR);
    const ref = Math.max(bin.reference, PSI_FLOOR);
    index += (live - ref) * Math.log(live / ref);
  }
  return { index, bins };
}

/** Edges ascending in threshold: for each target share (1 − 1/B, …, 1/B) the reference point nearest it. */
function chooseEdges(reference: readonly TSurvivalPoint[], binCount: number): TSurvivalPoint[] {
  const inside = [...reference].filter((point) => point.share > 0 && point.share < 1).sort((a, b) => a.threshold - b.threshold);
  const edges: TSurvivalPoint[] = [];
  for (let b = 1; b < binCount; b++) {
    const target = 1 - b / binCount;
    let best: TSurvivalPoint | null = null;
    for (const point of inside) if (!best || Math.abs(point.share - target) < Math.abs(best.share - target)) best = point;
    const last = edges[edges.length - 1];
    if (best && (!last || (best.threshold > last.threshold && best.share < last.share))) edges.push(best);
  }
  return edges;
}

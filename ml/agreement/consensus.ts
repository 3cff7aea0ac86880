/**
 * Per-item consensus in columnar form: a million items stay two typed arrays instead of a million
 * objects, and the web UI can page through them.
 */
export type TConsensus = {
  readonly items: readonly string[];
  readonly categories: readonly string[];
  /** Category code of the consensus label of item i. */
  readonly consensus: Int32Array;
  /** items × categories, row-major: posterior[i * categories.length + k] = P(item i is category k). */
  readonly posteriors: Float64Array;
};

export function getConsensusLabel(result: TConsensus, itemIndex: number): string {
  return result.categories[result.consensus[itemIndex]!]!;
}

export function getItemPosterior(result: TConsensus, itemIndex: number): number[] {
  const k = result.categories.length;
  return Array.from(result.posteriors.subarray(itemIndex * k, (itemIndex + 1) * k));
}

/**
 * Index of the largest posterior; ties go to the category with the larger `tieBreak` score (the
 * overall label frequency or class prior), then to the earlier category, so the result never
 * depends on the order ratings arrived in.
 */
export function pickConsensusCategory(posteriors: Float64Array, offset: number, categoryCount: number, tieBreak: Float64Array): number {
  let best = 0;
  for (let k = 1; k < categoryCount; k++) {
    const p = posteriors[offset + k]!;
    const bestP = posteriors[offset + best]!;
    if (p > bestP || (p === bestP && tieBreak[k]! > tieBreak[best]!)) best = k;
  }
  return best;
}

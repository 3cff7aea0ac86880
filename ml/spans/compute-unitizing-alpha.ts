import { compareDisagreement, markUnavailable, type TDisagreementCoefficient } from '../agreement/metric';

/** A unit one coder marked on the continuum [0, length): positions are integers, end exclusive. */
export type TContinuumUnit = { coder: number; start: number; end: number; category: number };

export type TUnitizingAlpha = TDisagreementCoefficient & {
  /** Per category: its own α (1 − D_o/D_e) with both parts; the overall α is 1 − ΣD_o / ΣD_e. */
  byCategory: { category: number; alpha: TDisagreementCoefficient }[];
};

type Segment = { start: number; length: number; isUnit: boolean };

/**
 * Krippendorff's unitizing alpha (uα) as defined in Content Analysis, 2nd ed. (Krippendorff 2004,
 * pp. 251–256; the 1995 paper's expected disagreement has a slip the book corrects). For each
 * category c, every coder's units of c and the gaps between them partition the continuum of
 * length L, with m coders all coding all of it. For two overlapping segments g (coder i) and
 * h (coder j), with begin b and length l:
 *   δ² = (b_g − b_h)² + (b_g + l_g − b_h − l_h)²   both are units that overlap
 *   δ² = l_g²                                        g is a unit lying wholly inside the gap h
 *   δ² = l_h²                                        h is a unit lying wholly inside the gap g
 *   δ² = 0                                           otherwise
 *   D_o(c) = Σ_{i≠j} Σ_g Σ_h δ²(ig, jh) / (m(m−1)L²)
 *   D_e(c) = (2/L) Σ_{units u of c} [ (N_c − 1)(2l_u³ − 3l_u² + l_u)/3 + l_u² Σ_{gaps γ of c, l_γ ≥ l_u} (l_γ − l_u + 1) ]
 *            / [ mL(mL − 1) − Σ_{units u of c} l_u(l_u − 1) ]
 * N_c counting the units of c over all coders and the gaps taken over all coders. The overall
 * α = 1 − Σ_c D_o(c) / Σ_c D_e(c). Tested against the book's worked example (p. 254): α_c 0.7286,
 * α_k 1, overall 0.8591.
 * The definition needs one coder's units of one category not to overlap: overlapping or touching
 * same-category units of one coder are merged into their union first.
 */
export function computeUnitizingAlpha(length: number, coders: number, units: readonly TContinuumUnit[]): TUnitizingAlpha {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`the continuum length must be a positive integer, got ${length}`);
  if (!Number.isInteger(coders) || coders < 2) return { ...markUnavailable('unitizing alpha needs at least two coders'), byCategory: [] };
  for (const unit of units) {
    if (!(Number.isInteger(unit.start) && Number.isInteger(unit.end) && unit.start >= 0 && unit.start < unit.end && unit.end <= length)) {
      throw new RangeError(`unit ${unit.start}..${unit.end} is not a non-empty integer range inside [0, ${length})`);
    }
    if (!(Number.isInteger(unit.coder) && unit.coder >= 0 && unit.coder < coders)) throw new RangeError(`coder ${unit.coder} is not in [0, ${coders})`);
  }
  const categories = [...new Set(units.map((unit) => unit.category))].sort((a, b) => a - b);
  if (categories.length === 0) return { ...markUnavailable('no coder marked any unit'), byCategory: [] };
  const byCategory: TUnitizingAlpha['byCategory'] = [];
  let observedSum = 0;
  let expectedSum = 0;
  for (const category of categories) {
    const partitions = Array.from({ length: coders }, (_, coder) =>
      partitionContinuum(
        length,
        units.filter((unit) => unit.coder === coder && unit.category === category),
      ),
    );
    const observed = computeObservedDisagreement(partitions, length);
    const expected = computeExpectedDisagreement(partitions, length);
    observedSum += observed;
    expectedSum += expected;
    byCategory.push({ category, alpha: compareDisagreement(observed, expected, 'no disagreement is expected by chance for this category') });
  }
  return { ...compareDisagreement(observedSum, expectedSum, 'no disagreement is expected by chance'), byCategory };
}

/** The coder's units (merged where they overlap or touch) and the gaps around them, in order. */
function partitionContinuum(length: number, units: readonly TContinuumUnit[]): Segment[] {
  const sorted = [...units].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const unit of sorted) {
    const last = merged.at(-1);
    if (last && unit.start <= last.end) last.end = Math.max(last.end, unit.end);
    else merged.push({ start: unit.start, end: unit.end });
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const unit of merged) {
    if (unit.start > at) segments.push({ start: at, length: unit.start - at, isUnit: false });
    segments.push({ start: unit.start, length: unit.end - unit.start, isUnit: true });
    at = unit.end;
  }
  if (at < length) segments.push({ start: at, length: length - at, isUnit: false });
  return segments;
}

function measureDistance(g: Segment, h: Segment): number {
  const beginDifference = g.start - h.start;
  const endDifference = g.start + g.length - h.start - h.length;
  if (g.isUnit && h.isUnit) return beginDifference * beginDifference + endDifference * endDifference;
  if (g.isUnit && !h.isUnit && beginDifference >= 0 && endDifference <= 0) return g.length * g.length;
  if (!g.isUnit && h.isUnit && beginDifference <= 0 && endDifference >= 0) return h.length * h.length;
  return 0;
}

/** δ² is 0 for segments that do not overlap, so one merge walk over two partitions visits every pair that counts. */
function computeObservedDisagreement(partitions: readonly Segment[][], length: number): number {
  const m = partitions.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const a = partitions[i]!;
      const b = partitions[j]!;
      let x = 0;
      let y = 0;
      while (x < a.length && y < b.length) {
        sum += measureDistance(a[x]!, b[y]!);
        const endA = a[x]!.start + a[x]!.length;
        const endB = b[y]!.start + b[y]!.length;
        if (endA <= endB) x++;
        if (endB <= endA) y++;
      }
    }
  }
  // Σ over ordered pairs i ≠ j: δ² is symmetric, so twice the unordered sum.
  return (2 * sum) / (m * (m - 1) * length * length);
}

function computeExpectedDisagreement(partitions: readonly Segment[][], length: number): number {
  const m = partitions.length;
  const unitLengths: number[] = [];
  const gapLengths: number[] = [];
  for (const segments of partitions) for (const segment of segments) (segment.isUnit ? unitLengths : gapLengths).push(segment.length);
  if (unitLengths.length === 0) return 0;
  // Gaps in descending order with running sums of (l_γ + 1), so Σ_{l_γ ≥ l} (l_γ − l + 1) is one binary search.
  gapLengths.sort((a, b) => b - a);
  const runningSums = new Float64Array(gapLengths.length + 1);
  gapLengths.forEach((gap, k) => (runningSums[k + 1] = runningSums[k]! + gap + 1));
  const unitCount = unitLengths.length;
  let numerator = 0;
  let selfPairs = 0;
  for (const l of unitLengths) {
    let lo = 0;
    let hi = gapLengths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (gapLengths[mid]! >= l) lo = mid + 1;
      else hi = mid;
    }
    const gapSum = runningSums[lo]! - lo * l;
    numerator += ((unitCount - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * gapSum;
    selfPairs += l * (l - 1);
  }
  return ((2 / length) * numerator) / (m * length * (m * length - 1) - selfPairs);
}

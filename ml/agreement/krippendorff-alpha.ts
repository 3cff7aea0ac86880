import { compareDisagreement, markUnavailable, NO_RATINGS_REASON, type TDisagreementCoefficient } from './metric';
import { resolveRatingIndex, type TIndexOptions, type TRatingsInput } from './ratings';

/** nominal: any two different labels disagree equally. interval: labels are numbers, disagreement is (c − k)². */
export type TAlphaMetric = 'nominal' | 'interval';
export type TKrippendorffOptions = TIndexOptions & { metric?: TAlphaMetric };

/**
 * Krippendorff's alpha via the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * alpha-reliability"). Missing ratings are simply absent; units with fewer than two values cannot be
 * paired and drop out, so n counts pairable values only.
 *
 * The q × q coincidence matrix is never built: per unit u with m_u values, both metrics only need
 * Σ_{c,k} n_uc n_uk δ²_ck / (m_u − 1), which has a closed form from the unit's label counts, and the
 * expected disagreement only needs the pairable totals n_c.
 */
export function computeKrippendorffAlpha(input: TRatingsInput, options: TKrippendorffOptions = {}): TDisagreementCoefficient {
  const index = resolveRatingIndex(input, options);
  if (index.ratingCount === 0) return markUnavailable(NO_RATINGS_REASON);
  const metric = options.metric ?? 'nominal';
  const q = index.categories.length;

  let values: Float64Array | null = null;
  if (metric === 'interval') {
    const parsed = parseNumericCategories(index.categories);
    if (typeof parsed === 'string') return markUnavailable(parsed);
    values = parsed;
  }

  const { itemStart, tallyStart, tallyLabel, tallyCount, itemWeights } = index;
  const pairableTotals = new Float64Array(q);
  let pairableValues = 0;
  let observedSum = 0;
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    const m = itemStart[i + 1]! - itemStart[i]!;
    if (weight === 0 || m < 2) continue;
    let sumSquares = 0;
    let sum = 0;
    for (let t = tallyStart[i]!; t < tallyStart[i + 1]!; t++) {
      const label = tallyLabel[t]!;
      const n = tallyCount[t]!;
      pairableTotals[label]! += weight * n;
      if (values) {
        const v = values[label]!;
        sum += n * v;
        sumSquares += n * v * v;
      } else {
        sumSquares += n * n;
      }
    }
    // Σ_{c≠k} n_c n_k = m² − Σ n_c² for nominal; Σ_{c,k} n_c n_k (v_c − v_k)² = 2(m Σ n v² − (Σ n v)²) for interval.
    const unitDisagreement = values ? 2 * (m * sumSquares - sum * sum) : m * m - sumSquares;
    observedSum += (weight * unitDisagreement) / (m - 1);
    pairableValues += weight * m;
  }
  if (pairableValues === 0) return markUnavailable('no item has two or more ratings, so no values can be paired');

  let expectedSum: number;
  if (values) {
    let sum = 0;
    let sumSquares = 0;
    for (let c = 0; c < q; c++) {
      sum += pairableTotals[c]! * values[c]!;
      sumSquares += pairableTotals[c]! * values[c]! * values[c]!;
    }
    expectedSum = 2 * (pairableValues * sumSquares - sum * sum);
  } else {
    let sumSquares = 0;
    for (const n of pairableTotals) sumSquares += n * n;
    expectedSum = pairableValues * pairableValues - sumSquares;
  }
  const observedDisagreement = observedSum / pairableValues;
  const expectedDisagreement = expectedSum / (pairableValues * (pairableValues - 1));
  return compareDisagreement(
    observedDisagreement,
    expectedDisagreement,
    'all pairable values are the same, so there is no variation to be reliable about and alpha is undefined',
  );
}

/**
 * Category labels as numbers, centred on their mean: the interval sums subtract large squares, and
 * centring keeps labels like 2020, 2021 from cancelling away the digits that matter.
 */
function parseNumericCategories(categories: readonly string[]): Float64Array | string {
  const values = new Float64Array(categories.length);
  let mean = 0;
  for (let c = 0; c < categories.length; c++) {
    const label = categories[c]!;
    const value = label.trim() === '' ? Number.NaN : Number(label);
    if (!Number.isFinite(value)) return `the interval metric needs numeric labels, and "${label}" is not a number`;
    values[c] = value;
    mean += value / categories.length;
  }
  for (let c = 0; c < values.length; c++) values[c]! -= mean;
  return values;
}

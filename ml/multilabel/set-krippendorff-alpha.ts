import type { TMetricFunction } from '../agreement/bootstrap';
import { compareDisagreement, markUnavailable, NO_RATINGS_REASON, type TDisagreementCoefficient } from '../agreement/metric';
import type { TRatingIndex } from '../agreement/ratings';
import type { TLabelSetIndex } from './label-set-ratings';
import { computeMasiDistance, type TSetDistance } from './set-distances';

const CONSTANT_SET_REASON = 'every pairable answer is the same set, so there is no variation to be reliable about and alpha is undefined';

/**
 * Krippendorff's alpha on set-valued answers with a pluggable set distance (MASI by default;
 * Jaccard is the other usual one). Same coincidence-matrix definition as the nominal alpha in
 * ml/agreement, with the distance in place of the nominal δ²:
 *   D_o = (1/n) Σ_u Σ_{c,k} n_uc n_uk d(c,k) / (m_u − 1),   D_e = Σ_{c,k} n_c n_k d(c,k) / (n(n − 1)),
 *   α = 1 − D_o / D_e,
 * over units u with m_u ≥ 2 answers (n counts their answers, n_c how many of them are set c).
 * The distance enters as is, not squared: that is how Passonneau (2006) used MASI with alpha and
 * what NLTK's AnnotationTask.alpha computes (its formula is this one for data without gaps).
 * With every answer a single label both distances are the nominal δ, so alpha is the nominal alpha.
 */
export function computeSetKrippendorffAlpha(index: TLabelSetIndex, distance: TSetDistance = computeMasiDistance): TDisagreementCoefficient {
  return computeAlphaWithDistances(index.ratings, computeSetDistances(index.sets, distance));
}

/**
 * The same alpha as a TMetricFunction over the index's ratings (what computeBootstrapCis resamples).
 * The distances between distinct sets are computed once here, not once per resample.
 */
export function createSetAlphaMetric(index: TLabelSetIndex, distance: TSetDistance = computeMasiDistance): TMetricFunction {
  const distances = computeSetDistances(index.sets, distance);
  return (ratings) => computeAlphaWithDistances(ratings, distances);
}

/** q×q row-major distances between the distinct sets. */
export function computeSetDistances(sets: readonly ArrayLike<number>[], distance: TSetDistance): Float64Array {
  const q = sets.length;
  const distances = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let k = c + 1; k < q; k++) {
      const d = distance(sets[c]!, sets[k]!);
      if (!(d >= 0 && d <= 1)) throw new RangeError(`a set distance must lie in [0, 1], got ${d}`);
      distances[c * q + k] = d;
      distances[k * q + c] = d;
    }
  }
  return distances;
}

/**
 * Alpha from a rating index whose categories are described by a q×q distance matrix (zero
 * diagonal). Honours item weights, so resampled and collapsed indexes give the item-level value.
 * Cost: per unit, the pairs of its distinct answers; for D_e, the pairs of distinct sets used.
 */
export function computeAlphaWithDistances(index: TRatingIndex, distances: Float64Array): TDisagreementCoefficient {
  if (index.ratingCount === 0) return markUnavailable(NO_RATINGS_REASON);
  const q = index.categories.length;
  if (distances.length !== q * q) throw new RangeError(`expected ${q}×${q} distances, got ${distances.length}`);
  const { itemStart, tallyStart, tallyLabel, tallyCount, itemWeights } = index;
  const pairableTotals = new Float64Array(q);
  let pairableValues = 0;
  let observedSum = 0;
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    const m = itemStart[i + 1]! - itemStart[i]!;
    if (weight === 0 || m < 2) continue;
    let unitDisagreement = 0;
    const start = tallyStart[i]!;
    const end = tallyStart[i + 1]!;
    for (let t = start; t < end; t++) {
      const c = tallyLabel[t]!;
      pairableTotals[c]! += weight * tallyCount[t]!;
      // Ordered pairs (c, k) and (k, c) both count, hence the 2.
      for (let u = t + 1; u < end; u++) unitDisagreement += 2 * tallyCount[t]! * tallyCount[u]! * distances[c * q + tallyLabel[u]!]!;
    }
    observedSum += (weight * unitDisagreement) / (m - 1);
    pairableValues += weight * m;
  }
  if (pairableValues === 0) return markUnavailable('no item has two or more answers, so no values can be paired');

  const used: number[] = [];
  for (let c = 0; c < q; c++) if (pairableTotals[c]! > 0) used.push(c);
  let expectedSum = 0;
  for (let a = 0; a < used.length; a++) {
    const c = used[a]!;
    for (let b = a + 1; b < used.length; b++) {
      const k = used[b]!;
      expectedSum += 2 * pairableTotals[c]! * pairableTotals[k]! * distances[c * q + k]!;
    }
  }
  const observedDisagreement = observedSum / pairableValues;
  const expectedDisagreement = expectedSum / (pairableValues * (pairableValues - 1));
  return compareDisagreement(observedDisagreement, expectedDisagreement, CONSTANT_SET_REASON);
}

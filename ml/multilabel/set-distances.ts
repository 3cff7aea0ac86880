/**
 * Distances between two answer sets, each given as sorted, distinct label codes. Both are 0 for
 * equal sets and 1 for disjoint ones. The empty set ("none of these") is a set like any other:
 * empty vs empty is distance 0 (both annotators said "none"; NLTK divides by |A ∪ B| = 0 there and
 * raises), empty vs non-empty is distance 1 (they share nothing), as the formulas give in the limit.
 */
export type TSetDistance = (a: ArrayLike<number>, b: ArrayLike<number>) => number;

/** 1 − |A ∩ B| / |A ∪ B|. */
export function computeJaccardDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const shared = countShared(a, b);
  const union = a.length + b.length - shared;
  return union === 0 ? 0 : 1 - shared / union;
}

/** MASI's monotonicity weight M for a subset relation and for a partial overlap. */
export type TMasiWeights = { subset: number; overlap: number };

/** Passonneau (2006): M = 1 equal, 2/3 one set contains the other, 1/3 they overlap, 0 disjoint. */
export const PASSONNEAU_MASI_WEIGHTS: TMasiWeights = { subset: 2 / 3, overlap: 1 / 3 };

/**
 * NLTK's `masi_distance` writes 2/3 and 1/3 as 0.67 and 0.33, so its distances differ from
 * Passonneau's in the third decimal: {1,2} vs {1,2,3,4} is 0.665 in NLTK, 0.6667 by the paper.
 * Use these weights only to reproduce a number computed with NLTK.
 */
export const NLTK_MASI_WEIGHTS: TMasiWeights = { subset: 0.67, overlap: 0.33 };

/**
 * MASI (Passonneau 2006, "Measuring Agreement on Set-valued Items"): 1 − J·M, with J the Jaccard
 * similarity and M the monotonicity weight. A subset (one annotator chose fewer of the same
 * labels) counts as closer than a partial overlap, which is what makes MASI the usual choice for
 * multi-label agreement.
 */
export function computeMasiDistance(a: ArrayLike<number>, b: ArrayLike<number>, weights: TMasiWeights = PASSONNEAU_MASI_WEIGHTS): number {
  const shared = countShared(a, b);
  const union = a.length + b.length - shared;
  if (union === 0) return 0;
  let monotonicity: number;
  if (shared === a.length && shared === b.length) monotonicity = 1;
  else if (shared === Math.min(a.length, b.length)) monotonicity = weights.subset;
  else if (shared > 0) monotonicity = weights.overlap;
  else monotonicity = 0;
  return 1 - (shared / union) * monotonicity;
}

/** |A ∩ B| of two sorted code lists, by merging. */
function countShared(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) {
      i++;
    } else {
      j++;
    }
  }
  return shared;
}

import { indexRatingCodes, type TRatingIndex } from '../agreement/ratings';
import type { TLabelSetIndex } from './label-set-ratings';

/** The two categories of a per-label rating, in this order (code 0 absent, code 1 present). */
export const PRESENCE_CATEGORIES = ['absent', 'present'] as const;

/**
 * One label's view of set-valued ratings: every answer becomes "present" when it contains the
 * label and "absent" otherwise (an empty answer is "absent" for every label). Same items,
 * annotators and missing answers as the set index, so any single-label statistic of
 * ml/agreement applies per label. Item weights carry over.
 */
export function reduceToLabelPresence(index: TLabelSetIndex, label: number): TRatingIndex {
  if (!(label >= 0 && label < index.labels.length)) throw new RangeError(`label ${label} outside [0, ${index.labels.length})`);
  const { ratings, sets } = index;
  const hasLabel = Uint8Array.from(sets, (set) => (set.includes(label) ? 1 : 0));
  const ratingItem = new Int32Array(ratings.ratingCount);
  for (let i = 0; i < ratings.items.length; i++) ratingItem.fill(i, ratings.itemStart[i]!, ratings.itemStart[i + 1]!);
  const presence = indexRatingCodes({
    items: ratings.items,
    annotators: ratings.annotators,
    categories: PRESENCE_CATEGORIES,
    hasDeclaredCategories: true,
    ratingItem,
    ratingAnnotator: ratings.ratingAnnotator,
    ratingLabel: Int32Array.from(ratings.ratingLabel, (set) => hasLabel[set]!),
  });
  return ratings.itemWeights ? { ...presence, itemWeights: ratings.itemWeights } : presence;
}

import { pickConsensusCategory, type TConsensus } from './consensus';
import { resolveRatingIndex, type TIndexOptions, type TRatingsInput } from './ratings';

/**
 * Majority vote. The "posterior" of each category is its vote share on the item, so a 2–1 split
 * reports 0.67, not certainty. Ties go to the label that is more frequent across all items (the
 * better bet when the raters on an item are split evenly), then to the earlier category.
 */
export function aggregateMajorityVote(input: TRatingsInput, options: TIndexOptions = {}): TConsensus {
  const index = resolveRatingIndex(input, options);
  const { itemStart, tallyStart, tallyLabel, tallyCount } = index;
  const itemCount = index.items.length;
  const k = index.categories.length;
  const posteriors = new Float64Array(itemCount * k);
  const labelFrequency = new Float64Array(k);
  for (let i = 0; i < itemCount; i++) {
    const m = itemStart[i + 1]! - itemStart[i]!;
    for (let t = tallyStart[i]!; t < tallyStart[i + 1]!; t++) {
      posteriors[i * k + tallyLabel[t]!] = tallyCount[t]! / m;
      labelFrequency[tallyLabel[t]!]! += tallyCount[t]!;
    }
  }
  const consensus = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) consensus[i] = pickConsensusCategory(posteriors, i * k, k, labelFrequency);
  return { items: index.items, categories: index.categories, consensus, posteriors };
}

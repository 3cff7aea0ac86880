import { createLabelCodebook } from './label-codebook';
import { RatingInputError } from './rating-input-error';

/**
 * Ratings in long form, and the integer-coded index every agreement metric reads.
 *
 * Items, annotators and labels are coded once, and ratings are grouped by item (CSR layout), so a
 * million items cost a few typed arrays instead of a million small objects, and each metric is one
 * pass over flat arrays.
 */

export type TRating = { item: string; annotator: string; label: string };

export type TIndexOptions = {
  /**
   * The declared label set, in order (the order matters for weighted kappa). Gwet's q is its
   * length, so a category nobody used still counts. Without it, the observed labels are used, in
   * order of first appearance.
   */
  categories?: readonly string[];
};

export type TRatingIndex = {
  readonly items: readonly string[];
  readonly annotators: readonly string[];
  readonly categories: readonly string[];
  readonly hasDeclaredCategories: boolean;
  readonly ratingCount: number;
  /** Item i owns rating slots itemStart[i] .. itemStart[i + 1] - 1. */
  readonly itemStart: Int32Array;
  readonly ratingAnnotator: Int32Array;
  readonly ratingLabel: Int32Array;
  /** Item i's distinct labels and how often each was given: slots tallyStart[i] .. tallyStart[i + 1] - 1. */
  readonly tallyStart: Int32Array;
  readonly tallyLabel: Int32Array;
  readonly tallyCount: Int32Array;
  /**
   * How many times each item counts. A bootstrap resample is the same index with multiplicities
   * here, so resampling never copies or re-indexes ratings. Null means every item counts once.
   */
  readonly itemWeights: Float64Array | null;
};

/** Either raw ratings (indexed on the way in) or an index built earlier. */
export type TRatingsInput = readonly TRating[] | TRatingIndex;

export { RatingInputError };

/**
 * Codes and groups ratings. Throws RatingInputError for a label outside the declared categories or
 * for an annotator rating the same item twice: both are broken input, not an edge case of the
 * statistics, and guessing which of two ratings to keep would silently change every metric.
 */
export function indexRatings(ratings: readonly TRating[], options: TIndexOptions = {}): TRatingIndex {
  const codebook = createLabelCodebook(options.categories, 'category');
  const categories = codebook.names;

  const items: string[] = [];
  const itemCode = new Map<string, number>();
  const annotators: string[] = [];
  const annotatorCode = new Map<string, number>();
  const ratingCount = ratings.length;
  const itemOf = new Int32Array(ratingCount);
  const annotatorOf = new Int32Array(ratingCount);
  const labelOf = new Int32Array(ratingCount);

  for (let r = 0; r < ratingCount; r++) {
    const { item, annotator, label } = ratings[r]!;
    let i = itemCode.get(item);
    if (i === undefined) {
      i = items.length;
      itemCode.set(item, i);
      items.push(item);
    }
    let a = annotatorCode.get(annotator);
    if (a === undefined) {
      a = annotators.length;
      annotatorCode.set(annotator, a);
      annotators.push(annotator);
    }
    const l = codebook.code(label, r);
    itemOf[r] = i;
    annotatorOf[r] = a;
    labelOf[r] = l;
  }

  return indexRatingCodes({
    items,
    annotators,
    categories,
    hasDeclaredCategories: options.categories !== undefined,
    ratingItem: itemOf,
    ratingAnnotator: annotatorOf,
    ratingLabel: labelOf,
  });
}

/** Ratings already coded as integers (say, read from a database by id), with the names behind the codes. */
export type TRatingCodes = {
  items: readonly string[];
  annotators: readonly string[];
  categories: readonly string[];
  hasDeclaredCategories: boolean;
  ratingItem: Int32Array;
  ratingAnnotator: Int32Array;
  ratingLabel: Int32Array;
};

/**
 * The index from coded ratings, without building a string per rating: what a server reading
 * millions of rows by id wants. Same checks and the same result as indexRatings on the names.
 */
export function indexRatingCodes(codes: TRatingCodes): TRatingIndex {
  const { items, annotators, categories, ratingItem: itemOf, ratingAnnotator: annotatorOf, ratingLabel: labelOf } = codes;
  const ratingCount = itemOf.length;
  if (annotatorOf.length !== ratingCount || labelOf.length !== ratingCount) throw new RangeError('rating code arrays differ in length');
  for (let r = 0; r < ratingCount; r++) {
    if (!(itemOf[r]! >= 0 && itemOf[r]! < items.length) || !(annotatorOf[r]! >= 0 && annotatorOf[r]! < annotators.length) || !(labelOf[r]! >= 0 && labelOf[r]! < categories.length)) {
      throw new RatingInputError(`rating ${r} has a code outside its name list`, r);
    }
  }
  // Counting sort by item keeps each item's ratings in input order.
  const itemCount = items.length;
  const itemStart = new Int32Array(itemCount + 1);
  for (let r = 0; r < ratingCount; r++) itemStart[itemOf[r]! + 1]!++;
  for (let i = 0; i < itemCount; i++) itemStart[i + 1]! += itemStart[i]!;
  const cursor = itemStart.slice(0, itemCount);
  const ratingAnnotator = new Int32Array(ratingCount);
  const ratingLabel = new Int32Array(ratingCount);
  const sourceRating = new Int32Array(ratingCount);
  for (let r = 0; r < ratingCount; r++) {
    const slot = cursor[itemOf[r]!]!++;
    ratingAnnotator[slot] = annotatorOf[r]!;
    ratingLabel[slot] = labelOf[r]!;
    sourceRating[slot] = r;
  }

  const categoryCount = categories.length;
  const lastItemOfAnnotator = new Int32Array(annotators.length).fill(-1);
  const scratch = new Int32Array(categoryCount);
  const touched = new Int32Array(categoryCount);
  const tallyStart = new Int32Array(itemCount + 1);
  const tallyLabel = new Int32Array(ratingCount);
  const tallyCount = new Int32Array(ratingCount);
  let tallies = 0;
  for (let i = 0; i < itemCount; i++) {
    let touchedCount = 0;
    for (let s = itemStart[i]!; s < itemStart[i + 1]!; s++) {
      const a = ratingAnnotator[s]!;
      if (lastItemOfAnnotator[a] === i) {
        throw new RatingInputError(`annotator "${annotators[a]}" rated item "${items[i]}" more than once`, sourceRating[s]!);
      }
      lastItemOfAnnotator[a] = i;
      const l = ratingLabel[s]!;
      if (scratch[l] === 0) touched[touchedCount++] = l;
      scratch[l]!++;
    }
    for (let t = 0; t < touchedCount; t++) {
      const l = touched[t]!;
      tallyLabel[tallies] = l;
      tallyCount[tallies] = scratch[l]!;
      tallies++;
      scratch[l] = 0;
    }
    tallyStart[i + 1] = tallies;
  }

  return {
    items,
    annotators,
    categories,
    hasDeclaredCategories: codes.hasDeclaredCategories,
    ratingCount,
    itemStart,
    ratingAnnotator,
    ratingLabel,
    tallyStart,
    tallyLabel: tallyLabel.slice(0, tallies),
    tallyCount: tallyCount.slice(0, tallies),
    itemWeights: null,
  };
}

/** Indexes raw ratings; passes an existing index through untouched (its categories win). */
export function resolveRatingIndex(input: TRatingsInput, options: TIndexOptions = {}): TRatingIndex {
  return isRatingIndex(input) ? input : indexRatings(input, options);
}

function isRatingIndex(input: TRatingsInput): input is TRatingIndex {
  return !Array.isArray(input);
}

/** The same ratings with each item counted `weights[i]` times (how bootstrap resamples are built). */
export function weightRatingIndex(index: TRatingIndex, weights: Float64Array): TRatingIndex {
  if (weights.length !== index.items.length) {
    throw new RangeError(`expected ${index.items.length} item weights, got ${weights.length}`);
  }
  return { ...index, itemWeights: weights };
}

import { createLabelCodebook } from '../agreement/label-codebook';
import { indexRatingCodes, type TRatingIndex } from '../agreement/ratings';

/**
 * A multi-label answer: the labels one annotator chose for one item. An empty list is a real
 * answer ("none of these"), not a missing one; a missing answer is simply no rating.
 */
export type TLabelSetRating = { item: string; annotator: string; labels: readonly string[] };

export type TLabelSetIndexOptions = {
  /** The declared label set, in order. Without it, labels are numbered in order of first appearance. */
  labels?: readonly string[];
};

/**
 * Set-valued ratings indexed once. Each distinct answer set becomes one "category" of an ordinary
 * TRatingIndex, so everything ml/agreement does on single labels (percent agreement, collapsing
 * identical items, the item bootstrap) runs unchanged on whole sets, and a set distance only has
 * to be evaluated between the few distinct sets, not between every pair of ratings.
 */
export type TLabelSetIndex = {
  /** Categories are set keys (sorted label codes joined by ','; '' is the empty set). */
  readonly ratings: TRatingIndex;
  /** Label names; a set holds codes into this list. */
  readonly labels: readonly string[];
  /** Set code (the category code of `ratings`) → its sorted label codes. */
  readonly sets: readonly Int32Array[];
};

/**
 * Codes labels and answer sets and groups ratings by item. A label repeated inside one answer
 * counts once (a set has no multiplicity). Throws RatingInputError for a label outside the
 * declared ones or an annotator answering the same item twice, as indexRatings does.
 */
export function indexLabelSetRatings(ratings: readonly TLabelSetRating[], options: TLabelSetIndexOptions = {}): TLabelSetIndex {
  const codebook = createLabelCodebook(options.labels, 'label');
  const labels = codebook.names;
  const items: string[] = [];
  const itemCode = new Map<string, number>();
  const annotators: string[] = [];
  const annotatorCode = new Map<string, number>();
  const setKeys: string[] = [];
  const setCode = new Map<string, number>();
  const sets: Int32Array[] = [];
  const ratingItem = new Int32Array(ratings.length);
  const ratingAnnotator = new Int32Array(ratings.length);
  const ratingSet = new Int32Array(ratings.length);

  for (let r = 0; r < ratings.length; r++) {
    const rating = ratings[r]!;
    const codes = rating.labels.map((label) => codebook.code(label, r));
    const set = Int32Array.from(new Set(codes)).sort();
    const key = set.join(',');
    let s = setCode.get(key);
    if (s === undefined) {
      s = sets.length;
      setCode.set(key, s);
      setKeys.push(key);
      sets.push(set);
    }
    ratingItem[r] = codeOf(itemCode, items, rating.item);
    ratingAnnotator[r] = codeOf(annotatorCode, annotators, rating.annotator);
    ratingSet[r] = s;
  }

  const index = indexRatingCodes({ items, annotators, categories: setKeys, hasDeclaredCategories: false, ratingItem, ratingAnnotator, ratingLabel: ratingSet });
  return { ratings: index, labels, sets };
}

function codeOf(codes: Map<string, number>, names: string[], name: string): number {
  let code = codes.get(name);
  if (code === undefined) {
    code = names.length;
    codes.set(name, code);
    names.push(name);
  }
  return code;
}

import { describe, expect, it } from 'vitest';
import { indexRatingCodes, indexRatings, RatingInputError, resolveRatingIndex, weightRatingIndex } from './ratings';

const RATINGS = [
  { item: 'x', annotator: 'A', label: 'yes' },
  { item: 'y', annotator: 'A', label: 'no' },
  { item: 'x', annotator: 'B', label: 'yes' },
  { item: 'x', annotator: 'C', label: 'no' },
];

describe('indexRatingCodes', () => {
  it('builds the same index from integer codes as indexRatings does from names', () => {
    const fromCodes = indexRatingCodes({
      items: ['x', 'y'],
      annotators: ['A', 'B', 'C'],
      categories: ['yes', 'no'],
      hasDeclaredCategories: false,
      ratingItem: Int32Array.from([0, 1, 0, 0]),
      ratingAnnotator: Int32Array.from([0, 0, 1, 2]),
      ratingLabel: Int32Array.from([0, 1, 0, 1]),
    });
    expect(fromCodes).toEqual(indexRatings(RATINGS));
  });

  it('rejects a code outside its name list and a second rating by one annotator', () => {
    const base = { items: ['x'], annotators: ['A'], categories: ['yes'], hasDeclaredCategories: true };
    const outside = { ...base, ratingItem: Int32Array.from([0]), ratingAnnotator: Int32Array.from([1]), ratingLabel: Int32Array.from([0]) };
    expect(() => indexRatingCodes(outside)).toThrow(RatingInputError);
    const twice = { ...base, ratingItem: Int32Array.from([0, 0]), ratingAnnotator: Int32Array.from([0, 0]), ratingLabel: Int32Array.from([0, 0]) };
    expect(() => indexRatingCodes(twice)).toThrow(/rated item "x" more than once/);
  });
});

describe('indexRatings', () => {
  it('codes items, annotators and labels in first-seen order and groups ratings by item', () => {
    const index = indexRatings(RATINGS);
    expect(index.items).toEqual(['x', 'y']);
    expect(index.annotators).toEqual(['A', 'B', 'C']);
    expect(index.categories).toEqual(['yes', 'no']);
    expect(index.hasDeclaredCategories).toBe(false);
    expect(Array.from(index.itemStart)).toEqual([0, 3, 4]);
    expect(Array.from(index.ratingAnnotator)).toEqual([0, 1, 2, 0]);
    expect(Array.from(index.ratingLabel)).toEqual([0, 0, 1, 1]);
  });

  it('tallies each item’s labels', () => {
    const index = indexRatings(RATINGS);
    expect(Array.from(index.tallyStart)).toEqual([0, 2, 3]);
    expect(Array.from(index.tallyLabel)).toEqual([0, 1, 1]);
    expect(Array.from(index.tallyCount)).toEqual([2, 1, 1]);
  });

  it('keeps the declared category order, including categories nobody used', () => {
    const index = indexRatings(RATINGS, { categories: ['no', 'maybe', 'yes'] });
    expect(index.categories).toEqual(['no', 'maybe', 'yes']);
    expect(index.hasDeclaredCategories).toBe(true);
    expect(Array.from(index.ratingLabel)).toEqual([2, 2, 0, 0]);
  });

  it('rejects a label outside the declared categories, pointing at the rating', () => {
    const error = catchError(() => indexRatings(RATINGS, { categories: ['yes'] }));
    expect(error).toBeInstanceOf(RatingInputError);
    expect((error as RatingInputError).ratingIndex).toBe(1);
  });

  it('rejects an annotator rating the same item twice, pointing at the second rating', () => {
    const error = catchError(() => indexRatings([...RATINGS, { item: 'x', annotator: 'B', label: 'no' }]));
    expect(error).toBeInstanceOf(RatingInputError);
    expect((error as RatingInputError).ratingIndex).toBe(4);
    expect((error as Error).message).toBe('annotator "B" rated item "x" more than once');
  });

  it('indexes an empty list', () => {
    const index = indexRatings([]);
    expect(index.items).toEqual([]);
    expect(index.ratingCount).toBe(0);
  });
});

describe('resolveRatingIndex / weightRatingIndex', () => {
  it('passes an index through and attaches weights without copying ratings', () => {
    const index = indexRatings(RATINGS);
    expect(resolveRatingIndex(index)).toBe(index);
    const weighted = weightRatingIndex(index, new Float64Array([2, 0]));
    expect(weighted.ratingLabel).toBe(index.ratingLabel);
    expect(() => weightRatingIndex(index, new Float64Array(3))).toThrow(RangeError);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

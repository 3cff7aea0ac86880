import { describe, expect, it } from 'vitest';
import { RatingInputError } from '../agreement/ratings';
import { indexLabelSetRatings } from './label-set-ratings';

describe('indexLabelSetRatings', () => {
  it('codes each distinct set once, ignoring order and repeats inside an answer', () => {
    const index = indexLabelSetRatings(
      [
        { item: 'i1', annotator: 'A', labels: ['b', 'a'] },
        { item: 'i1', annotator: 'B', labels: ['a', 'b', 'a'] },
        { item: 'i2', annotator: 'A', labels: [] },
      ],
      { labels: ['a', 'b', 'c'] },
    );
    expect(index.ratings.categories).toEqual(['0,1', '']);
    expect(index.sets.map((s) => Array.from(s))).toEqual([[0, 1], []]);
    expect(Array.from(index.ratings.ratingLabel)).toEqual([0, 0, 1]);
  });

  it('rejects an undeclared label and a second answer by the same annotator', () => {
    expect(() => indexLabelSetRatings([{ item: 'i', annotator: 'A', labels: ['z'] }], { labels: ['a'] })).toThrow(RatingInputError);
    expect(() =>
      indexLabelSetRatings([
        { item: 'i', annotator: 'A', labels: ['a'] },
        { item: 'i', annotator: 'A', labels: [] },
      ]),
    ).toThrow(RatingInputError);
  });
});

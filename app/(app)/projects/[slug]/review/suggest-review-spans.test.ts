import { describe, expect, it } from 'vitest';
import { startReviewSpans, suggestReviewSpans } from './suggest-review-spans';

const PARIS = { start: 3, end: 8, labelId: 2 };
const PARIS_AS_PERSON = { start: 3, end: 8, labelId: 1 };
const TODAY = { start: 9, end: 14, labelId: 3 };

const VERSIONS = [
  { annotatorName: 'Ann', spans: [PARIS, TODAY] },
  { annotatorName: 'Bob', spans: [PARIS] },
  { annotatorName: 'Cy', spans: [PARIS_AS_PERSON] },
];

describe('review span sets', () => {
  it('starts from the spans a strict majority marked exactly', () => {
    expect(startReviewSpans(VERSIONS)).toEqual([PARIS]);
    expect(startReviewSpans([VERSIONS[0]!, VERSIONS[2]!])).toEqual([]); // two annotators must both agree
  });

  it('offers every span anyone marked, saying who marked it and what share of the annotators', () => {
    expect(suggestReviewSpans(VERSIONS)).toEqual([
      { ...PARIS_AS_PERSON, score: 1 / 3, note: 'marked by Cy' },
      { ...PARIS, score: 2 / 3, note: 'marked by Ann, Bob' },
      { ...TODAY, score: 1 / 3, note: 'marked by Ann' },
    ]);
  });
});

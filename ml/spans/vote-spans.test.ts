import { describe, expect, it } from 'vitest';
import { voteSpans } from './vote-spans';

const ada = { start: 0, end: 12, labelId: 1 };
const lovelace = { start: 4, end: 12, labelId: 1 };
const london = { start: 36, end: 42, labelId: 2 };

describe('voteSpans', () => {
  it('keeps spans a strict majority marked exactly, and shows the rest as disputed', () => {
    const voting = voteSpans([
      { annotator: 'a', spans: [ada, london] },
      { annotator: 'b', spans: [ada] },
      { annotator: 'c', spans: [lovelace, london] },
    ]);
    // ada 2/3, london 2/3 kept; lovelace 1/3 disputed and overlaps ada.
    expect(voting.consensus).toEqual([ada, london]);
    expect(voting.disputed).toEqual([{ span: lovelace, annotators: ['c'], overlapsConsensus: true }]);
    expect(voting.isUnanimous).toBe(false);
  });

  it('needs both of two annotators, and counts an empty answer as a vote against', () => {
    const voting = voteSpans([
      { annotator: 'a', spans: [ada] },
      { annotator: 'b', spans: [] },
    ]);
    expect(voting.consensus).toEqual([]);
    expect(voting.disputed).toEqual([{ span: ada, annotators: ['a'], overlapsConsensus: false }]);
  });

  it('is unanimous only when everyone marked exactly the same spans', () => {
    expect(voteSpans([{ annotator: 'a', spans: [london, ada] }, { annotator: 'b', spans: [ada, london] }])).toEqual({ consensus: [ada, london], disputed: [], isUnanimous: true });
    const majority = voteSpans([{ annotator: 'a', spans: [ada] }, { annotator: 'b', spans: [ada] }, { annotator: 'c', spans: [] }]);
    expect(majority.disputed).toEqual([]);
    expect(majority.isUnanimous).toBe(false);
  });

  it('does not let one annotator vote twice for the same span', () => {
    const voting = voteSpans([{ annotator: 'a', spans: [ada, ada] }, { annotator: 'b', spans: [] }, { annotator: 'c', spans: [] }]);
    expect(voting.consensus).toEqual([]);
    expect(voting.disputed[0]!.annotators).toEqual(['a']);
  });
});

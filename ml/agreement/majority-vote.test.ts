import { describe, expect, it } from 'vitest';
import { getConsensusLabel, getItemPosterior } from './consensus';
import { aggregateMajorityVote } from './majority-vote';
import { convertTasksToRatings, DAWID_SKENE_TASKS } from './published-examples';

describe('aggregateMajorityVote', () => {
  const result = aggregateMajorityVote(convertTasksToRatings(DAWID_SKENE_TASKS), { categories: ['no', 'yes'] });

  it('reports vote shares as posteriors', () => {
    expect(result.items.map((_, i) => getItemPosterior(result, i)[0])).toEqual([0.5, 0.4, 0.6, 0, 0.8]);
  });

  it('picks the most voted label, breaking ties towards the label more common overall', () => {
    // t1 is 2–2; "yes" has 13 of the 24 votes overall, so it wins the tie.
    expect(result.items.map((_, i) => getConsensusLabel(result, i))).toEqual(['yes', 'yes', 'no', 'yes', 'no']);
  });

  it('breaks a tie between equally common labels by category order, whatever the input order', () => {
    const forwards = [
      { item: 'x', annotator: 'A', label: 'b' },
      { item: 'x', annotator: 'B', label: 'a' },
    ];
    for (const ratings of [forwards, [...forwards].reverse()]) {
      expect(getConsensusLabel(aggregateMajorityVote(ratings, { categories: ['a', 'b'] }), 0)).toBe('a');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { decideFinalLabelSet } from './decide-final-label-set';
import { voteLabelMajority } from './vote-label-majority';

describe('decideFinalLabelSet', () => {
  it('waits for the target overlap', () => {
    expect(decideFinalLabelSet([[1]], 2)).toEqual({ kind: 'pending', missing: 1 });
    expect(decideFinalLabelSet([], 1)).toEqual({ kind: 'pending', missing: 1 });
  });

  it('takes a lone answer as final, "none of these" included', () => {
    expect(decideFinalLabelSet([[3, 1]], 1)).toEqual({ kind: 'final', labels: [1, 3], source: 'single' });
    expect(decideFinalLabelSet([[]], 1)).toEqual({ kind: 'final', labels: [], source: 'single' });
  });

  it('calls equal sets a consensus whatever the order the labels were toggled in', () => {
    expect(decideFinalLabelSet([[2, 5], [5, 2], [2, 5]], 3)).toEqual({ kind: 'final', labels: [2, 5], source: 'consensus' });
    expect(decideFinalLabelSet([[], []], 2)).toEqual({ kind: 'final', labels: [], source: 'consensus' });
  });

  it('sends any difference to review with the per-label vote, even a 2–1 majority', () => {
    const decision = decideFinalLabelSet([[1, 2], [1], [1, 2]], 3);
    expect(decision.kind).toBe('disagreement');
    if (decision.kind !== 'disagreement') return;
    expect(decision.majority).toEqual({ labels: [1, 2], tied: [], votes: { 1: 3, 2: 2 }, emptyAnswers: 0 });
    expect(decideFinalLabelSet([[], [4]], 2).kind).toBe('disagreement');
  });
});

describe('voteLabelMajority', () => {
  it('keeps labels chosen by more than half; empty answers vote against every label', () => {
    expect(voteLabelMajority([[], [], [0]])).toEqual({ labels: [], tied: [], votes: { 0: 1 }, emptyAnswers: 2 });
    expect(voteLabelMajority([[0, 1], [0], [0, 2]])).toEqual({ labels: [0], tied: [], votes: { 0: 3, 1: 1, 2: 1 }, emptyAnswers: 0 });
  });

  it('leaves a label chosen by exactly half undecided', () => {
    expect(voteLabelMajority([[0, 1], [0]])).toEqual({ labels: [0], tied: [1], votes: { 0: 2, 1: 1 }, emptyAnswers: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import type { TAnswer } from './answer';
import { decideFinalAnswer, describeDecidedItem } from './final-label';

const label = (labelId: number): TAnswer => ({ labelId, value: null });
const set = (...labelIds: number[]): TAnswer => ({ labelId: null, value: { labelIds } });

describe('decideFinalAnswer', () => {
  it('waits until the item has all its annotations', () => {
    expect(decideFinalAnswer([], 1)).toEqual({ kind: 'pending', missing: 1 });
    expect(decideFinalAnswer([label(7)], 3)).toEqual({ kind: 'pending', missing: 2 });
  });

  it("takes a lone annotation as the item's single label", () => {
    expect(decideFinalAnswer([label(7)], 1)).toEqual({ kind: 'final', answer: label(7), source: 'single' });
  });

  it('calls unanimous annotations consensus', () => {
    expect(decideFinalAnswer([label(4), label(4), label(4)], 3)).toEqual({ kind: 'final', answer: label(4), source: 'consensus' });
  });

  it('sends any disagreement to review, even a two-to-one majority', () => {
    expect(decideFinalAnswer([label(4), label(5)], 2)).toEqual({ kind: 'disagreement', votes: { 4: 1, 5: 1 } });
    expect(decideFinalAnswer([label(4), label(4), label(5)], 3)).toEqual({ kind: 'disagreement', votes: { 4: 2, 5: 1 } });
  });

  it('compares label sets whatever order they were given in, "none of these" included', () => {
    expect(decideFinalAnswer([set(2, 1), set(1, 2)], 2)).toMatchObject({ kind: 'final', source: 'consensus' });
    expect(decideFinalAnswer([set(), set()], 2)).toEqual({ kind: 'final', answer: set(), source: 'consensus' });
    // Votes count the annotators who included each label.
    expect(decideFinalAnswer([set(1, 2), set(1), set()], 3)).toEqual({ kind: 'disagreement', votes: { 1: 2, 2: 1 } });
  });

  const spans = (...list: [number, number, number][]): TAnswer => ({ labelId: null, value: { spans: list.map(([start, end, labelId]) => ({ start, end, labelId })) } });

  it('compares spans by range and label', () => {
    expect(decideFinalAnswer([spans([0, 4, 1], [6, 9, 2]), spans([6, 9, 2], [0, 4, 1])], 2)).toEqual({ kind: 'final', answer: spans([0, 4, 1], [6, 9, 2]), source: 'consensus' });
    expect(decideFinalAnswer([spans(), spans()], 2)).toEqual({ kind: 'final', answer: spans(), source: 'consensus' });
    expect(decideFinalAnswer([spans([6, 9, 2])], 1)).toEqual({ kind: 'final', answer: spans([6, 9, 2]), source: 'single' });
  });

  it('decides spans by voting: a span stays when a strict majority marked it, and any dispute still goes to review', () => {
    // Two annotators: only what both marked is kept; the boundary dispute goes to review.
    expect(decideFinalAnswer([spans([0, 4, 1], [6, 9, 2]), spans([0, 5, 1], [6, 9, 2])], 2)).toEqual({
      kind: 'disagreement',
      votes: { 1: 2, 2: 2 },
      voted: { answer: spans([6, 9, 2]), keptSpans: 1, disputedSpans: 2 },
    });
    // Three annotators: two of three keep [0,4) PER and [6,9) LOC; the third's extra span and its wrong label are out.
    const decision = decideFinalAnswer([spans([0, 4, 1], [6, 9, 2]), spans([0, 4, 1], [6, 9, 2], [11, 14, 1]), spans([0, 4, 1], [6, 9, 1])], 3);
    expect(decision).toEqual({ kind: 'disagreement', votes: { 1: 3, 2: 2 }, voted: { answer: spans([0, 4, 1], [6, 9, 2]), keptSpans: 2, disputedSpans: 2 } });
    // Nothing with a majority: the vote is "no spans", still for a reviewer to settle.
    expect(decideFinalAnswer([spans([0, 4, 1]), spans([6, 9, 2])], 2)).toMatchObject({ kind: 'disagreement', voted: { answer: spans(), keptSpans: 0, disputedSpans: 2 } });
  });

  it('leaves the item the voted spans (consensus) while it waits for review; other types keep no final answer', () => {
    const decision = decideFinalAnswer([spans([0, 4, 1], [6, 9, 2]), spans([6, 9, 2])], 2);
    if (decision.kind === 'pending') throw new Error('pending');
    expect(describeDecidedItem(decision)).toEqual({
      finalLabelId: null,
      finalValue: { spans: [{ start: 6, end: 9, labelId: 2 }] },
      finalSource: 'consensus',
      disagreement: { votes: { 1: 1, 2: 2 }, keptSpans: 1, disputedSpans: 1 },
    });
    const labels = decideFinalAnswer([label(4), label(5)], 2);
    if (labels.kind === 'pending') throw new Error('pending');
    expect(describeDecidedItem(labels)).toEqual({ finalLabelId: null, finalValue: null, finalSource: null, disagreement: { votes: { 4: 1, 5: 1 } } });
  });
});

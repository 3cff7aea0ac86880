import { describe, expect, it } from 'vitest';
import type { TAnswer } from './answer';
import { decideFinalAnswer } from './final-label';

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

  it('compares spans by range and label', () => {
    const spans = (...list: [number, number, number][]): TAnswer => ({ labelId: null, value: { spans: list.map(([start, end, labelId]) => ({ start, end, labelId })) } });
    expect(decideFinalAnswer([spans([0, 4, 1], [6, 9, 2]), spans([6, 9, 2], [0, 4, 1])], 2)).toMatchObject({ kind: 'final' });
    expect(decideFinalAnswer([spans([0, 4, 1]), spans([0, 5, 1])], 2)).toEqual({ kind: 'disagreement', votes: { 1: 2 } });
  });
});

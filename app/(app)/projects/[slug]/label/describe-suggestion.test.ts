import { describe, expect, it } from 'vitest';
import { describeSuggestion } from './describe-suggestion';

const LABELS = [
  { id: 1, name: 'sports' },
  { id: 2, name: 'politics' },
  { id: 3, name: 'tech' },
];

describe('describeSuggestion', () => {
  it('names a single label, and drops one no longer in the label set', () => {
    expect(describeSuggestion({ labelId: 2, score: 0.9 }, LABELS)).toEqual({ kind: 'label', name: 'politics', score: 0.9 });
    expect(describeSuggestion({ labelId: 9, score: 0.9 }, LABELS)).toBeNull();
    expect(describeSuggestion(null, LABELS)).toBeNull();
  });

  it('lists every label of a multi-label suggestion in the project’s order, predicted or not, with its probability', () => {
    expect(describeSuggestion({ labelIds: [3, 1], probabilities: { 1: 0.8, 2: 0.1, 3: 0.6 }, score: 0.43 }, LABELS)).toEqual({
      kind: 'set',
      labels: [
        { name: 'sports', probability: 0.8, isPredicted: true },
        { name: 'politics', probability: 0.1, isPredicted: false },
        { name: 'tech', probability: 0.6, isPredicted: true },
      ],
      score: 0.43,
    });
    // An imported set has no probabilities.
    expect(describeSuggestion({ labelIds: [], probabilities: null, score: null }, LABELS)).toMatchObject({ kind: 'set', labels: [{ probability: null, isPredicted: false }, {}, {}] });
  });
});

import { describe, expect, it } from 'vitest';
import { decideFinalLabel } from './final-label';

describe('decideFinalLabel', () => {
  it('waits until the item has all its annotations', () => {
    expect(decideFinalLabel([], 1)).toEqual({ kind: 'pending', missing: 1 });
    expect(decideFinalLabel([7], 3)).toEqual({ kind: 'pending', missing: 2 });
  });

  it("takes a lone annotation as the item's single label", () => {
    expect(decideFinalLabel([7], 1)).toEqual({ kind: 'final', labelId: 7, source: 'single' });
  });

  it('calls unanimous annotations consensus', () => {
    expect(decideFinalLabel([4, 4, 4], 3)).toEqual({ kind: 'final', labelId: 4, source: 'consensus' });
  });

  it('sends any disagreement to review, even a two-to-one majority', () => {
    expect(decideFinalLabel([4, 5], 2)).toEqual({ kind: 'disagreement', votes: { 4: 1, 5: 1 } });
    expect(decideFinalLabel([4, 4, 5], 3)).toEqual({ kind: 'disagreement', votes: { 4: 2, 5: 1 } });
  });
});

import { describe, expect, it } from 'vitest';
import { applyLabelThresholds } from './apply-label-thresholds';
import { DEFAULT_LABEL_THRESHOLD, tuneLabelThresholds } from './tune-label-thresholds';

describe('tuneLabelThresholds', () => {
  it('picks the F1-best cut, halfway between the last kept and the first dropped probability', () => {
    // Sorted by p:  .95 1, .9 1, .8 0, .7 1, .6 1, .5 0, .4 1, .3 0, .2 0, .1 0, .05 0, .01 0 (5 positives).
    // F1 of the top k = 2·tp / (k + 5): k=1 2/6, 2 4/7, 3 4/8, 4 6/9, 5 8/10, 6 8/11, 7 10/12 (best), 8 10/13 …
    // Best keeps .4 and drops .3: threshold (.4 + .3)/2 = .35, F1 10/12.
    const probs = [0.3, 0.95, 0.01, 0.8, 0.9, 0.7, 0.1, 0.6, 0.5, 0.4, 0.2, 0.05];
    const targets = Uint8Array.from([0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0]);
    const [tuned] = tuneLabelThresholds(probs, targets, 1);
    expect(tuned!.source).toBe('tuned');
    expect(tuned!.threshold).toBeCloseTo(0.35, 12);
    expect(tuned!.heldOutF1).toBeCloseTo(10 / 12, 12);
  });

  it('keeps 0.5 for a label with fewer than 5 held-out positives, and says so', () => {
    // Label 1 has 2 positives: one at .7 (kept at 0.5), one at .2 (missed): F1 at 0.5 = 2·1/(1 + 2).
    const probs = [0.9, 0.7, 0.8, 0.2, 0.7, 0.1, 0.6, 0.3, 0.8, 0.4, 0.1, 0.3, 0.2, 0.2];
    const targets = Uint8Array.from([1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
    const [, rare] = tuneLabelThresholds(probs, targets, 2);
    expect(rare).toEqual({ threshold: DEFAULT_LABEL_THRESHOLD, source: 'default', heldOutF1: 2 / 3 });
  });

  it('never cuts between equal probabilities', () => {
    // Five positives and five negatives all at 0.5, one more of each above and below: the only cuts are around the tie.
    const probs = [0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.1];
    const targets = Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const [tuned] = tuneLabelThresholds(probs, targets, 1);
    // Keep top 1: 2/7; keep the tie too (k = 11): 12/17 — best; threshold (0.5 + 0.1)/2.
    expect(tuned!.threshold).toBeCloseTo(0.3, 12);
    expect(tuned!.heldOutF1).toBeCloseTo(12 / 17, 12);
  });
});

describe('applyLabelThresholds', () => {
  it('predicts a label at p ≥ its threshold; no label over its threshold is the empty set', () => {
    expect(Array.from(applyLabelThresholds([0.35, 0.2, 0.34, 0.9], [0.35, 0.5]))).toEqual([1, 0, 0, 1]);
    expect(Array.from(applyLabelThresholds([0.1, 0.1], [0.35, 0.5]))).toEqual([0, 0]);
  });
});

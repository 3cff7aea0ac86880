import { describe, expect, it } from 'vitest';
import { createLabelSetPredictionReader, readLabelSetPrediction } from './multilabel-predictions';

describe('a multi-label version’s stored prediction', () => {
  it('holds the labels at or above their thresholds, every probability, and the probability of exactly that set', () => {
    // Labels 11, 12, 13 with thresholds 0.5, 0.3, 0.9; item probabilities 0.8, 0.3, 0.5.
    const read = createLabelSetPredictionReader([11, 12, 13], [0.5, 0.3, 0.9]);
    const prediction = read(Float32Array.from([0.1, 0.1, 0.1, 0.8, 0.3, 0.5]), 1);
    // 0.3 reaches its threshold 0.3; 0.5 does not reach 0.9. P(exactly {11, 12}) = 0.8 · 0.3 · (1 − 0.5) = 0.12.
    expect(prediction.labelId).toBeNull();
    expect(prediction.value).toEqual({ labelIds: [11, 12], probabilities: { 11: 0.8, 12: 0.3, 13: 0.5 } });
    expect(prediction.score).toBeCloseTo(0.12, 6);
    expect(readLabelSetPrediction(prediction.value)).toEqual({ labelIds: [11, 12], probabilities: { 11: 0.8, 12: 0.3, 13: 0.5 } });
    // An imported prediction is the set alone.
    expect(readLabelSetPrediction({ labelIds: [12] })).toEqual({ labelIds: [12], probabilities: null });
    expect(readLabelSetPrediction(null)).toBeNull();
  });
});

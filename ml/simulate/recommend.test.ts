import { describe, expect, it } from 'vitest';
import { recommendStrategy } from './recommend';

const outcome = (labels_to_95: number | null, aulc: number) => ({ labels_to_95, aulc, full_accuracy: 0.9 });

describe('recommendStrategy', () => {
  it('picks the fewest labels to 95% and states the saving over random', () => {
    const pick = recommendStrategy({ random: outcome(600, 0.8), margin: outcome(200, 0.86), entropy: outcome(240, 0.87) });
    expect(pick).toMatchObject({ strategy: 'margin', labelsTo95: 200, randomLabelsTo95: 600, savingsFactor: 3 });
    expect(pick!.reason).toContain('3.0× fewer than random (600)');
  });

  it('breaks ties by the area under the curve', () => {
    expect(recommendStrategy({ margin: outcome(200, 0.86), entropy: outcome(200, 0.87) })!.strategy).toBe('entropy');
  });

  it('falls back to the best area when nothing reaches the target', () => {
    const pick = recommendStrategy({ random: outcome(null, 0.7), margin: outcome(null, 0.75) });
    expect(pick).toMatchObject({ strategy: 'margin', labelsTo95: null, savingsFactor: null });
    expect(pick!.reason).toMatch(/No strategy reached/);
  });

  it('does not claim a saving when random needed as many labels', () => {
    const pick = recommendStrategy({ random: outcome(40, 0.91), margin: outcome(40, 0.96) });
    expect(pick).toMatchObject({ strategy: 'margin', savingsFactor: 1 });
    expect(pick!.reason).toContain('about as many as random (40)');
  });

  it('says so when random wins', () => {
    expect(recommendStrategy({ random: outcome(100, 0.8), margin: outcome(140, 0.82) })!.reason).toMatch(/did not pay off/);
  });

  it('names the target accuracy and the full-data accuracy as two different numbers', () => {
    const pick = recommendStrategy({ random: outcome(600, 0.8), margin: outcome(200, 0.86) })!;
    expect(pick.reason).toBe('margin reached 85.5% accuracy (95% of the 90.0% a model trained on all the data reaches) with 200 labels, 3.0× fewer than random (600).');
  });
});

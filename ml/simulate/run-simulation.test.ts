import { describe, expect, it } from 'vitest';
import { generateSyntheticImages } from '../fixtures/synthetic-images';
import { generateSyntheticText } from '../fixtures/synthetic-text';
import { runSimulation } from './run-simulation';
import { validateSimulation, validateSimulationSettings } from './simulation-settings';

describe('runSimulation', () => {
  const { texts, labels } = generateSyntheticText({ numClasses: 3, perClass: 60, seed: 9, signal: 0.4 });
  const base = {
    texts,
    labels,
    classNames: ['a', 'b', 'c'],
    budget: 60,
    batchSize: 20,
    seeds: 2,
    evalFraction: 0.25,
    kind: 'softmax' as const,
    featurizer: { kind: 'hashed-ngrams' as const, dim: 1024 },
    diversity: 'none' as const,
    explorationShare: 0,
    seed: 4,
  };

  it('runs every strategy on common random numbers: same split, cold start and model seeds', async () => {
    const result = await runSimulation({ ...base, strategies: ['random', 'margin', 'entropy'], targetAccuracy: 0.5, accuracyAt: [20, 30, 60] });
    const outcomes = Object.values(result.strategies);
    // The first round trains on the shared cold-start batch with the shared model seed: equal accuracy.
    const first = outcomes.map((o) => o.curve[0]!);
    for (const point of first) {
      expect(point.labels).toBe(20);
      expect(point.accuracy).toBe(first[0]!.accuracy);
    }
    expect(result.full_accuracy_per_seed).toHaveLength(2);
    for (const outcome of outcomes) {
      expect(outcome.labels_to_95_per_seed).toHaveLength(2);
      expect(outcome.labels_to_target_per_seed).toHaveLength(2);
      expect(outcome.accuracy_at['20']).toBe(outcome.curve[0]!.accuracy);
      // 30 labels lies halfway between the 20- and 40-label points.
      expect(outcome.accuracy_at['30']).toBeCloseTo((outcome.curve[0]!.accuracy + outcome.curve[1]!.accuracy) / 2, 10);
      const summary = outcome.labels_to_95_summary;
      if (summary.mean !== null) {
        expect(summary.min).toBeLessThanOrEqual(summary.mean);
        expect(summary.max).toBeGreaterThanOrEqual(summary.mean);
      }
    }
    expect(result.strategies.random!.ratio_to_random_per_seed!.filter((r) => r !== null).every((r) => r === 1)).toBe(true);
    expect(result.settings.coldStart).toBe('representative');
  }, 60_000);

  it("runs on images: the fixed test split is every seed's evaluation set, BALD and diversity use the CNN", async () => {
    const { images, labels: imageLabels } = generateSyntheticImages({ numClasses: 3, perClass: 40, side: 8, seed: 5 });
    const simulation = {
      ...base,
      texts: [],
      images,
      labels: imageLabels,
      fixedEvalCount: 30,
      budget: 40,
      seeds: 1,
      maxEpochs: 4,
      coldStart: 'random' as const,
      coldStartLabelsPerClass: 1,
    };
    const linear = await runSimulation({ ...simulation, kind: 'pixel-softmax', strategies: ['random', 'margin'] });
    expect(linear.dataset).toMatchObject({ items: 120, evalSize: 30, poolSize: 90 });
    expect(linear.settings.features).toBe('pixels 8×8×1');
    expect(linear.strategies.margin!.curve.map((p) => p.labels)).toEqual([20, 40]);
    // Separable strokes: the linear model learns them from 40 labels.
    expect(linear.strategies.margin!.curve.at(-1)!.accuracy).toBeGreaterThan(0.8);
    const cnn = await runSimulation({ ...simulation, kind: 'cnn', strategies: ['bald'], diversity: 'kcenter', budget: 30, batchSize: 15 });
    expect(cnn.strategies.bald!.curve.map((p) => p.labels)).toEqual([15, 30]);
    expect(() => validateSimulation({ ...simulation, kind: 'softmax', strategies: ['margin'] })).toThrow('the softmax regression model reads texts');
  }, 60_000);

  it('refuses bad settings before any work', () => {
    expect(() => validateSimulationSettings({ ...base, strategies: ['bald'] })).toThrow(/mlp/);
    expect(() => validateSimulationSettings({ ...base, strategies: [] })).toThrow(/strategy/);
    expect(() => validateSimulationSettings({ ...base, strategies: ['margin'], budget: 10 })).toThrow(/budget/);
    expect(() => validateSimulationSettings({ ...base, strategies: ['margin'], targetAccuracy: 1.5 })).toThrow(/target/);
  });
});

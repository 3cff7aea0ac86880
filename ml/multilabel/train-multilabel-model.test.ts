import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { generateSyntheticLabelSets } from '../fixtures/synthetic-label-sets';
import { createRng } from '../random';
import { encodeLabelSets } from './label-matrix';
import { createMultilabelPoolScorer } from './multilabel-pool-scorer';
import { simulateMultilabelStrategies } from './simulate-multilabel-strategies';
import { trainMultilabelModel } from './train-multilabel-model';

const FEATURIZER = { kind: 'hashed-ngrams', dim: 2 ** 12 } as const;

beforeAll(async () => {
  await initBackend();
});

describe('a multi-label version end to end', () => {
  const train = generateSyntheticLabelSets({ count: 200, rates: [0.4, 0.3, 0.15], seed: 4 });
  const test = generateSyntheticLabelSets({ count: 80, rates: [0.4, 0.3, 0.15], seed: 4 });
  const input = {
    texts: train.texts,
    targets: encodeLabelSets(train.sets, 3),
    numLabels: 3,
    corpus: [],
    evalTexts: test.texts.slice(0, 60),
    evalTargets: encodeLabelSets(test.sets.slice(0, 60), 3),
    featurizer: FEATURIZER,
    seed: 1,
    bootstrapSamples: 100,
  };

  it('trains, evaluates, warm-starts and scores a pool, leaving no tensor behind', async () => {
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const before = tf.memory().numTensors;
    const stages: string[] = [];
    const first = await trainMultilabelModel({ ...input, onProgress: (progress) => stages.push(progress.stage) });
    expect(stages).toEqual(['featurizing', 'training', 'evaluating']);
    expect(first.evaluation!.microF1.value).toBeGreaterThan(0.85);
    expect(first.evaluation!.beatsBaseline).toBe(true);
    expect(first.metadata.thresholds).toHaveLength(3);

    // The next version starts from these weights and lands where a cold start does.
    const warm = await trainMultilabelModel({ ...input, warmStart: first.warmStart });
    expect(warm.evaluation!.microF1.value).toBeCloseTo(first.evaluation!.microF1.value, 1);

    const scorer = createMultilabelPoolScorer({ model: first.model, featurizer: first.featurizer, thresholds: first.metadata.thresholds, strategy: 'mean_binary_entropy', seed: 3 });
    const pool = test.texts.slice(60);
    const { probs, scores } = scorer.score(pool);
    expect(probs).toHaveLength(pool.length * 3);
    expect(scores).toHaveLength(pool.length);
    expect(scorer.selectRepresentatives(pool, 5)).toHaveLength(5);
    first.model.dispose();
    warm.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('simulates strategies on common random numbers: one first batch, micro-F1 curves, nothing left in memory', async () => {
    const gold = generateSyntheticLabelSets({ count: 160, rates: [0.5, 0.3, 0.1], seed: 8 });
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const result = await simulateMultilabelStrategies({
      texts: gold.texts,
      targets: encodeLabelSets(gold.sets, 3),
      labelNames: ['a', 'b', 'c'],
      strategies: ['random', 'mean_binary_entropy', 'threshold_proximity'],
      budget: 60,
      batchSize: 20,
      seeds: 2,
      evalFraction: 0.25,
      diversity: 'none',
      explorationShare: 0,
      featurizer: FEATURIZER,
      seed: createRng(5).nextSeed(),
      onProgress: (p) => progress.push(p.done),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.metric).toBe('micro_f1');
    expect(result.dataset).toMatchObject({ items: 160, evalSize: 40, poolSize: 120 });
    expect(result.dataset.classCounts).toEqual([0, 1, 2].map((l) => gold.sets.filter((set) => set.includes(l)).length));
    // Per seed: the full-data model, then 3 strategies × 3 rounds.
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const curves = Object.values(result.strategies).map((outcome) => outcome.curve);
    // The first round (the shared first batch, the shared model seed) is the same for every strategy.
    expect(new Set(curves.map((curve) => curve[0]!.accuracy)).size).toBe(1);
    for (const curve of curves) expect(curve.map((point) => point.labels)).toEqual([20, 40, 60]);
    expect(result.full_accuracy_per_seed.every((f1) => f1 > 0.8)).toBe(true);
    expect(result.recommendation?.reason).toMatch(/micro-F1/);
  });
});

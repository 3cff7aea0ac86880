import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { createFeaturizer } from '../features/featurizer';
import { generateSyntheticText } from '../fixtures/synthetic-text';
import { predictProba } from '../predict';
import { scoreMargin } from '../sampling';
import { assignStratifiedFolds, computeOutOfFoldProbs } from './out-of-fold';
import { createHostSoftmax } from '../models/host-softmax';
import { createPoolScorer } from './pool-scorer';
import { trainModel } from './train-model';

beforeAll(async () => {
  await initBackend();
});

const DIM = 512;

describe('trainModel and the pool scorer', () => {
  const { texts, labels } = generateSyntheticText({ numClasses: 3, perClass: 60, seed: 5, signal: 0.5 });
  const train = { texts: texts.slice(0, 120), labels: labels.slice(0, 120) };
  const held = { texts: texts.slice(120), labels: labels.slice(120) };

  it('trains, evaluates with intervals, cross-validates and scores, leaving no tensors behind', async () => {
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const before = tf.memory().numTensors;
    const stages = new Set<string>();
    const trained = await trainModel({
      ...train,
      numClasses: 3,
      corpus: held.texts,
      evalTexts: held.texts,
      evalLabels: held.labels,
      featurizer: { kind: 'hashed-ngrams', dim: DIM },
      kind: 'softmax',
      seed: 3,
      outOfFoldFolds: 3,
      committeeMembers: 2,
      bootstrapSamples: 200,
      onProgress: (progress) => stages.add(progress.stage),
    });
    expect([...stages].sort()).toEqual(['committee', 'cross-validation', 'evaluating', 'featurizing', 'training']);
    const evaluation = trained.evaluation!;
    expect(evaluation.n).toBe(60);
    expect(evaluation.accuracy.value).toBeGreaterThan(0.9);
    const [low, high] = evaluation.accuracy.ci95;
    expect(low).toBeLessThanOrEqual(evaluation.accuracy.value);
    expect(high).toBeGreaterThanOrEqual(evaluation.accuracy.value);
    expect(evaluation.perClassIntervals).toHaveLength(3);
    expect(trained.outOfFold!.probs).toHaveLength(120 * 3);
    expect(trained.outOfFold!.indices).toHaveLength(120);
    expect(trained.committee).toHaveLength(2);
    // Calibration: T fitted on the out-of-fold predictions, baked into the model; the verdict.
    const calibration = evaluation.calibration!;
    expect(calibration.fittedOn).toBe('out-of-fold');
    expect(calibration.fitSize).toBe(120);
    expect(calibration.temperature).toBe(trained.temperature);
    expect(calibration.temperature).toBeGreaterThan(0);
    expect(calibration.eceAfter).toBeCloseTo(evaluation.ece.value, 10);
    expect(evaluation.majorityBaseline.accuracy).toBeCloseTo(20 / 60, 10);
    expect(evaluation.beatsBaseline).toBe(true);

    const scorer = createPoolScorer({ model: trained.model, featurizer: trained.featurizer, numClasses: 3, strategy: 'margin', seed: 1 });
    const { probs, scores } = scorer.score(held.texts);
    expect(scores).toEqual(scoreMargin(probs, 3));
    // The softmax model scores on the host; tfjs on the dense features gives the same probabilities.
    const reference = predictProba(trained.model, trained.featurizer.transform(held.texts), held.texts.length, DIM);
    probs.forEach((p, i) => expect(p).toBeCloseTo(reference[i]!, 5));
    expect(createHostSoftmax(trained.model)).not.toBeNull();
    const head = scorer.selectDiverse(held.texts.slice(0, 20), scores.slice(0, 20), 5, 'kcenter');
    expect(new Set(head).size).toBe(5);

    const committeeScorer = createPoolScorer({ model: trained.model, featurizer: trained.featurizer, numClasses: 3, strategy: 'committee', committee: trained.committee, seed: 1 });
    expect(committeeScorer.score(held.texts.slice(0, 10)).scores).toHaveLength(10);

    trained.model.dispose();
    trained.committee.forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cross-validates a seeded subset when there are more labels than the cap', async () => {
    const trained = await trainModel({
      ...train,
      numClasses: 3,
      corpus: [],
      evalTexts: [],
      evalLabels: new Int32Array(0),
      featurizer: { kind: 'hashed-ngrams', dim: DIM },
      kind: 'softmax',
      seed: 3,
      maxEpochs: 5,
      outOfFoldFolds: 3,
      maxOutOfFoldLabels: 60,
      committeeMembers: 0,
    });
    const { indices, probs } = trained.outOfFold!;
    expect(indices).toHaveLength(60);
    expect(new Set(indices).size).toBe(60);
    expect(Array.from(indices)).toEqual(Array.from(indices).sort((a, b) => a - b));
    expect(probs).toHaveLength(60 * 3);
    expect(trained.evaluation).toBeNull();
    trained.model.dispose();
  });

  it('predicts every label out of fold with a model that never saw it', async () => {
    const folds = assignStratifiedFolds(train.labels, 3, 4, 1);
    // Stratified: each fold gets 10 of each class's 40 labels.
    for (let fold = 0; fold < 4; fold++) {
      for (let c = 0; c < 3; c++) expect(train.labels.filter((label, i) => label === c && folds[i] === fold).length).toBe(10);
    }
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: DIM });
    featurizer.fit(train.texts);
    const { probs } = await computeOutOfFoldProbs({ rows: featurizer.transformSparse(train.texts), labels: train.labels, numClasses: 3, folds: 4, seed: 2 });
    for (let i = 0; i < train.labels.length; i++) {
      const row = probs.subarray(i * 3, i * 3 + 3);
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 5);
    }
  });

  it('starts the next version from the last one: fewer iterations, the same model', async () => {
    const { texts, labels } = generateSyntheticText({ numClasses: 3, perClass: 200, seed: 9, signal: 0.4 });
    const keys = Array.from(labels, (_, i) => 500 + i);
    const base = { numClasses: 3, corpus: [], evalTexts: texts.slice(500), evalLabels: labels.slice(500), featurizer: { kind: 'hashed-ngrams' as const, dim: DIM }, kind: 'softmax' as const, seed: 4, outOfFoldFolds: 4, committeeMembers: 0 };
    const first = await trainModel({ ...base, texts: texts.slice(0, 450), labels: labels.slice(0, 450), itemKeys: keys.slice(0, 450) });
    const next = { ...base, texts: texts.slice(0, 500), labels: labels.slice(0, 500), itemKeys: keys.slice(0, 500) };
    const cold = await trainModel(next);
    const warm = await trainModel({ ...next, warmStart: first.warmStart });
    expect(first.warmStart.folds.filter(Boolean)).toHaveLength(4);
    expect(warm.epochs).toBeLessThan(cold.epochs * 0.8);
    const evalCount = base.evalTexts.length;
    const coldProbs = predictProba(cold.model, cold.featurizer.transform(base.evalTexts), evalCount, cold.featurizer.dim);
    const warmProbs = predictProba(warm.model, warm.featurizer.transform(base.evalTexts), evalCount, warm.featurizer.dim);
    let largest = 0;
    for (let i = 0; i < coldProbs.length; i++) largest = Math.max(largest, Math.abs(coldProbs[i]! - warmProbs[i]!));
    expect(largest).toBeLessThan(0.02);
    // The folds follow the items, so the out-of-fold subset and probabilities line up too.
    expect(Array.from(warm.outOfFold!.indices)).toEqual(Array.from(cold.outOfFold!.indices));
    for (const trained of [first, cold, warm]) trained.model.dispose();
  });
});

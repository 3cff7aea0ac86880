import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { compressRows } from './csr-rows';
import { createFeaturizer } from './features/featurizer';
import { generateSyntheticText } from './fixtures/synthetic-text';
import { predictProba } from './predict';
import { createRng } from './random';
import { computeBalancedClassWeights, splitStratified, trainClassifier, trainCommittee, type EpochInfo } from './train';

const DIM = 256;

beforeAll(async () => {
  await initBackend();
});

function featurize(texts: string[]): Float32Array {
  const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: DIM, charNgramRange: null });
  featurizer.fit(texts);
  return featurizer.transform(texts);
}

function gatherRows(x: Float32Array, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * DIM);
  indices.forEach((item, row) => out.set(x.subarray(item * DIM, (item + 1) * DIM), row * DIM));
  return out;
}

describe('computeBalancedClassWeights', () => {
  it('weighs classes by n / (present classes × n_c), absent classes 0', () => {
    // y = [0, 0, 0, 1], 3 declared classes, 2 present: w0 = 4 / (2·3) = 0.6667, w1 = 4 / (2·1) = 2, w2 = 0
    const weights = computeBalancedClassWeights([0, 0, 0, 1], 3);
    expect(weights[0]).toBeCloseTo(2 / 3, 6);
    expect(weights[1]).toBeCloseTo(2, 6);
    expect(weights[2]).toBe(0);
  });
});

describe('splitStratified', () => {
  it('holds out floor(n_c × fraction) per class and keeps every class in training', () => {
    const y = Int32Array.from([...new Array<number>(50).fill(0), ...new Array<number>(20).fill(1), 2]);
    const { trainIndices, validationIndices } = splitStratified(y, 3, 0.2, createRng(1));
    const count = (indices: Int32Array, label: number) => indices.filter((i) => y[i] === label).length;
    // floor(50·0.2) = 10, floor(20·0.2) = 4, floor(1·0.2) = 0
    expect([0, 1, 2].map((c) => count(validationIndices, c))).toEqual([10, 4, 0]);
    expect([0, 1, 2].map((c) => count(trainIndices, c))).toEqual([40, 16, 1]);
    expect(new Set([...trainIndices, ...validationIndices]).size).toBe(y.length);
  });

  it('returns no validation set when it would be too small to trust', () => {
    const { trainIndices, validationIndices } = splitStratified(Int32Array.from([0, 1, 0, 1, 0, 1]), 2, 0.2, createRng(1));
    expect(validationIndices.length).toBe(0);
    expect(trainIndices.length).toBe(6);
  });
});

describe('trainClassifier', () => {
  const data = generateSyntheticText({ numClasses: 3, perClass: 40, seed: 11, signal: 0.5 });
  const x = featurize(data.texts);

  it('stops early and restores the best epoch (mlp)', async () => {
    const history: EpochInfo[] = [];
    const result = await trainClassifier({
      x, y: data.labels, dim: DIM, numClasses: 3, kind: 'mlp', hidden: [8], dropout: 0, seed: 1,
      learningRate: 0.1, maxEpochs: 200, patience: 3, validationFraction: 0.25,
      onEpoch: (info) => history.push(info),
    });
    expect(history).toEqual(result.history);
    expect(result.epochs).toBeLessThan(200);
    expect(result.epochs - result.bestEpoch).toBe(3);
    expect(result.validationIndices.length).toBe(30); // floor(40·0.25) = 10 per class
    // The returned weights reproduce the best epoch's validation loss.
    const validationY = Int32Array.from(result.validationIndices, (i) => data.labels[i]!);
    const probs = predictProba(result.model, gatherRows(x, result.validationIndices), validationY.length, DIM);
    const loss = validationY.reduce((sum, label, i) => sum - Math.log(Math.max(probs[i * 3 + label]!, 1e-7)), 0) / validationY.length;
    const bestLoss = Math.min(...history.map((h) => h.valLoss!));
    expect(history[result.bestEpoch - 1]!.valLoss).toBe(bestLoss);
    expect(loss).toBeCloseTo(bestLoss, 4);
    result.model.dispose();
  });

  it('trains on two labels with one class missing without crashing', async () => {
    const result = await trainClassifier({
      x: x.subarray(0, 2 * DIM), y: Int32Array.from([0, 0]), dim: DIM, numClasses: 2, kind: 'mlp', seed: 1, hidden: [8], maxEpochs: 20,
    });
    expect(result.validationIndices.length).toBe(0);
    expect(result.history[0]!.valLoss).toBeNull();
    const probs = predictProba(result.model, x.subarray(0, 2 * DIM), 2, DIM);
    expect(probs[0]!).toBeGreaterThan(0.5);
    result.model.dispose();
  });

  it('trains on every label when the held-out share would be smaller than minValidationSize', async () => {
    // 40 per class × 0.25 = 30 held out: enough by default, too few against a minimum of 50.
    const base = { x, y: data.labels, dim: DIM, numClasses: 3, kind: 'softmax' as const, seed: 1, maxEpochs: 3, validationFraction: 0.25 };
    const strict = await trainClassifier({ ...base, minValidationSize: 50 });
    expect(strict.validationIndices).toHaveLength(0);
    expect(strict.trainSize).toBe(120);
    expect(strict.history.every((h) => h.valLoss === null)).toBe(true);
    strict.model.dispose();
  });

  it('trains identically from compressed rows', async () => {
    const base = { y: data.labels, dim: DIM, numClasses: 3, kind: 'mlp' as const, hidden: [8], seed: 3, maxEpochs: 4 };
    const fromDense = await trainClassifier({ ...base, x });
    const fromRows = await trainClassifier({ ...base, rows: compressRows(x, data.labels.length, DIM) });
    expect(fromRows.history).toEqual(fromDense.history);
    expect(predictProba(fromRows.model, x, data.labels.length, DIM)).toEqual(predictProba(fromDense.model, x, data.labels.length, DIM));
    fromDense.model.dispose();
    fromRows.model.dispose();
  });

  it('rejects impossible inputs', async () => {
    const base = { dim: DIM, numClasses: 2, kind: 'softmax' as const, seed: 1 };
    await expect(trainClassifier({ ...base, x: new Float32Array(0), y: new Int32Array(0) })).rejects.toThrow(/zero labels/);
    await expect(trainClassifier({ ...base, x: x.subarray(0, DIM), y: Int32Array.from([2]) })).rejects.toThrow(/outside/);
    await expect(trainClassifier({ ...base, x: x.subarray(0, DIM), y: Int32Array.from([0, 1]) })).rejects.toThrow(/expected/);
    await expect(trainClassifier({ ...base, y: Int32Array.from([0]) })).rejects.toThrow(/exactly one/);
  });

  it('disposes the model, optimizer state and saved weights when training is aborted', async () => {
    const before = tf.memory().numTensors;
    const abort = (info: EpochInfo) => {
      if (info.epoch === 3) throw new Error('cancelled');
    };
    await expect(trainClassifier({ x, y: data.labels, dim: DIM, numClasses: 3, kind: 'mlp', hidden: [8], seed: 1, onEpoch: abort })).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lifts the minority class probability with balanced class weights', async () => {
    const skewed = generateSyntheticText({ numClasses: 2, perClass: 100, seed: 5, signal: 0.2, classShares: [0.9, 0.1] });
    const features = featurize(skewed.texts);
    const train = { x: features.subarray(0, 150 * DIM), y: skewed.labels.subarray(0, 150), dim: DIM, numClasses: 2, kind: 'softmax' as const, seed: 2 };
    // Mean p(minority) on the held-out minority items: smooth, unlike recall on five items.
    const minorityProbability = async (classWeights: 'balanced' | null) => {
      const { model } = await trainClassifier({ ...train, classWeights });
      const probs = predictProba(model, features.subarray(150 * DIM), 50, DIM);
      model.dispose();
      let sum = 0;
      let total = 0;
      for (let i = 0; i < 50; i++) {
        if (skewed.labels[150 + i] !== 1) continue;
        total++;
        sum += probs[i * 2 + 1]!;
      }
      return sum / total;
    };
    const [balanced, unweighted] = [await minorityProbability('balanced'), await minorityProbability(null)];
    expect(balanced).toBeGreaterThan(unweighted);
  });

  it('trains a bootstrap committee whose members disagree somewhere', async () => {
    const members = await trainCommittee({ x, y: data.labels, dim: DIM, numClasses: 3, kind: 'softmax', seed: 4, members: 3, maxEpochs: 5 });
    expect(members).toHaveLength(3);
    const predictions = members.map((m) => predictProba(m.model, x, data.labels.length, DIM));
    expect(predictions[0]).not.toEqual(predictions[1]);
    members.forEach((m) => m.model.dispose());
  });
});

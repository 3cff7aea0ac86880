import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { generateSyntheticImages } from '../fixtures/synthetic-images';
import { computePredictedLabels } from '../metrics/predicted-labels';
import { deserializeModel, serializeModel } from '../predict';
import { gatherImages } from './image-set';
import { embedImages, predictImages, predictImagesMcDropout } from './predict-images';
import { splitByKey } from '../split-by-key';
import { trainImageClassifier } from './train-image-classifier';

beforeAll(async () => {
  await initBackend();
});

const accuracy = (probs: Float32Array, labels: Int32Array, k: number) => {
  const predicted = computePredictedLabels(probs, k);
  return predicted.filter((p, i) => p === labels[i]).length / labels.length;
};

describe('trainImageClassifier', () => {
  // 4 stroke shapes, 12×12, noisy and shifted: 120 to train on, 80 held out.
  const { images, labels } = generateSyntheticImages({ numClasses: 4, perClass: 50, side: 12, seed: 3 });
  const trainIdx = Array.from({ length: 120 }, (_, i) => i);
  const testIdx = Array.from({ length: 80 }, (_, i) => 120 + i);
  const train = { images: gatherImages(images, trainIdx), y: labels.subarray(0, 120) };
  const test = { images: gatherImages(images, testIdx), y: labels.subarray(120) };

  it('trains the CNN well above chance on held-out images, stops early and frees every tensor', async () => {
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const before = tf.memory().numTensors;
    const trained = await trainImageClassifier({ ...train, numClasses: 4, kind: 'cnn', seed: 1, maxEpochs: 25, minValidationSize: 10, cnn: { filters: [8, 8], dense: 16 } });
    expect(trained.validationIndices.length).toBeGreaterThanOrEqual(10);
    expect(trained.history.every((h) => h.valLoss !== null)).toBe(true);
    expect(trained.bestEpoch).toBeLessThanOrEqual(trained.epochs);
    const probs = predictImages(trained.model, test.images);
    expect(accuracy(probs, test.y, 4)).toBeGreaterThan(0.85);
    // Rows sum to 1: probabilities every strategy and the calibration can use.
    for (let i = 0; i < test.images.count; i++) expect(probs.subarray(i * 4, i * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

    // MC dropout: different masks, different passes; the same seed, the same passes.
    const [first, second] = predictImagesMcDropout(trained.model, test.images, 2, 9);
    expect(first).not.toEqual(second);
    expect(predictImagesMcDropout(trained.model, test.images, 2, 9)[0]).toEqual(first);
    // The embedding is the dense layer's output, one row per image.
    const embedding = embedImages(trained.model, test.images);
    expect([embedding.rows, embedding.cols]).toEqual([80, 16]);

    // Stored and loaded as a model version is: the same probabilities.
    const restored = await deserializeModel(await serializeModel(trained.model));
    expect(Array.from(predictImages(restored, test.images))).toEqual(Array.from(probs));
    restored.dispose();
    trained.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('warm-starts from earlier weights of the same shape and ignores those of another shape', async () => {
    const first = await trainImageClassifier({ ...train, numClasses: 4, kind: 'cnn', seed: 1, maxEpochs: 4, cnn: { filters: [4], dense: 8 } });
    const resumed = await trainImageClassifier({ ...train, numClasses: 4, kind: 'cnn', seed: 2, maxEpochs: 1, learningRate: 1e-9, init: first.warmStart, cnn: { filters: [4], dense: 8 } });
    // A near-zero step: the resumed model is the first one.
    expect(accuracy(predictImages(resumed.model, test.images), test.y, 4)).toBeCloseTo(accuracy(predictImages(first.model, test.images), test.y, 4), 5);
    const other = await trainImageClassifier({ ...train, numClasses: 4, kind: 'cnn', seed: 2, maxEpochs: 1, learningRate: 1e-9, init: first.warmStart, cnn: { filters: [6], dense: 8 } });
    expect(other.warmStart.shapes[0]).toEqual([3, 3, 1, 6]);
    [first, resumed, other].forEach((t) => t.model.dispose());
  }, 60_000);

  it('holds out images by their keys when given keys, so a grown label set keeps its held-out images', async () => {
    const keys = Int32Array.from({ length: 120 }, (_, i) => 1000 + i);
    const options = { numClasses: 4, kind: 'cnn' as const, maxEpochs: 1, minValidationSize: 5, cnn: { filters: [4], dense: 8 } };
    const small = await trainImageClassifier({ images: gatherImages(train.images, trainIdx.slice(0, 80)), y: train.y.subarray(0, 80), ...options, seed: 1, validationKeys: { keys: keys.subarray(0, 80), salt: 5 } });
    const grown = await trainImageClassifier({ ...train, ...options, seed: 2, validationKeys: { keys, salt: 5 } });
    expect(Array.from(small.validationIndices)).toEqual(Array.from(splitByKey(keys.subarray(0, 80), 0.15, 5, 5).validationIndices));
    // Every image held out in the smaller set is still held out, whatever the training seed.
    const grownHeldOut = new Set(grown.validationIndices);
    expect(Array.from(small.validationIndices).every((i) => grownHeldOut.has(i))).toBe(true);
    await expect(trainImageClassifier({ ...train, ...options, seed: 1, validationKeys: { keys: keys.subarray(0, 10), salt: 5 } })).rejects.toThrow('120 labels but 10 validation keys');
    [small, grown].forEach((t) => t.model.dispose());
  }, 60_000);

  it('fits the pixel softmax baseline on the pixels and predicts from images the same way', async () => {
    const trained = await trainImageClassifier({ ...train, numClasses: 4, kind: 'pixel-softmax', seed: 1 });
    expect(trained.model.inputs[0]!.shape).toEqual([null, 144]);
    expect(accuracy(predictImages(trained.model, test.images), test.y, 4)).toBeGreaterThan(0.85);
    expect(embedImages(trained.model, test.images).cols).toBe(144);
    expect(() => predictImagesMcDropout(trained.model, test.images, 2, 1)).toThrow('MC dropout needs a model with dropout');
    trained.model.dispose();
  }, 30_000);

  it('refuses labels that do not match the images', async () => {
    await expect(trainImageClassifier({ images: train.images, y: train.y.subarray(0, 5), numClasses: 4, kind: 'cnn', seed: 1 })).rejects.toThrow('120 images but 5 labels');
  });
});

import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import type { ImageClassifierKind } from '../model-kinds';
import { createRng, type Rng } from '../random';
import { splitByKey } from '../split-by-key';
import { computeBalancedClassWeights, scoreValidation, splitStratified, trainClassifier, type EpochInfo, type TrainedClassifier } from '../train';
import { applyCnn } from './apply-cnn';
import { buildCnnModel, DEFAULT_CNN_OPTIONS, type CnnModelOptions } from './cnn';
import { assertImageSet, gatherImages, toImageTensor, type ImageSet } from './image-set';
import { predictImages } from './predict-images';
import { toPixelRows } from './pixel-rows';

/** A trained model's weights on the host, to start the next training from (a later active-learning round). */
export type ImageWarmStart = { kind: ImageClassifierKind; shapes: number[][]; values: Float32Array[] };

export type TrainImageClassifierOptions = {
  images: ImageSet;
  /** Class index per image. */
  y: Int32Array;
  numClasses: number;
  kind: ImageClassifierKind;
  seed: number;
  maxEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  validationFraction?: number;
  patience?: number;
  /** Fewer held-out labels than this and training uses every label, stopping on the training loss. */
  minValidationSize?: number;
  classWeights?: 'balanced' | null;
  cnn?: Partial<Pick<CnnModelOptions, 'filters' | 'dense' | 'dropout' | 'l2'>>;
  /** Weights of a previous model of the same kind and shape; ignored when they do not fit. */
  init?: ImageWarmStart | null;
  /**
   * CNN: a stable key per image (item id, pool position) and a salt fixed for the series. An image
   * is held out for early stopping by its key (ml/split-by-key.ts), so a series that warm-starts
   * from `init` never validates on images its starting weights trained on. Without it, a fresh
   * stratified split per training.
   */
  validationKeys?: { keys: ArrayLike<number>; salt: number } | null;
  /** Pixel softmax only: inverse L2 strength as scikit-learn's C. */
  c?: number;
  /** Pixel softmax only: cap on L-BFGS iterations. */
  maxIterations?: number;
  onEpoch?(info: EpochInfo): void;
};

export type TrainedImageClassifier = TrainedClassifier & { warmStart: ImageWarmStart };

export const DEFAULT_IMAGE_TRAIN_OPTIONS = {
  maxEpochs: 40,
  batchSize: 128,
  learningRate: 2e-3,
  validationFraction: 0.15,
  patience: 4,
  minValidationSize: 50,
  /** The L-BFGS fit of raw pixels converges slower than hashed text: its held-out accuracy still rose at 150 iterations. */
  maxIterations: 200,
} as const;
/** Small label sets still get this many gradient steps per epoch (smaller batches), or a CNN on 100 images barely moves. */
const MIN_STEPS_PER_EPOCH = 8;
const MIN_BATCH_SIZE = 16;
const MIN_IMPROVEMENT = 1e-4;
const PROBABILITY_FLOOR = 1e-7;

/**
 * Trains an image classifier. 'cnn': Adam on seeded shuffles and dropout masks, early stopping on
 * a stratified held-out share with the best epoch's weights restored, balanced class weights, as
 * the text MLP (ml/train.ts). 'pixel-softmax': the text pipeline's softmax regression (L-BFGS to
 * convergence) on normalised pixel rows, the linear baseline.
 */
export async function trainImageClassifier(options: TrainImageClassifierOptions): Promise<TrainedImageClassifier> {
  const { images, y, numClasses, kind, seed } = options;
  assertImageSet(images);
  if (y.length !== images.count) throw new RangeError(`${images.count} images but ${y.length} labels`);
  await initBackend();
  if (kind === 'pixel-softmax') {
    const init = options.init?.kind === 'pixel-softmax' ? { kernel: options.init.values[0]!, bias: options.init.values[1]! } : null;
    const rows = toPixelRows(images);
    const trained = await trainClassifier({
      rows,
      y,
      dim: rows.cols,
      numClasses,
      kind: 'softmax',
      seed,
      c: options.c,
      maxIterations: options.maxIterations ?? DEFAULT_IMAGE_TRAIN_OPTIONS.maxIterations,
      classWeights: options.classWeights,
      init: init && init.kernel.length === rows.cols * numClasses && init.bias.length === numClasses ? init : null,
      onEpoch: options.onEpoch,
    });
    return { ...trained, warmStart: captureWarmStart(kind, trained.model) };
  }
  const rng = createRng(seed);
  const minValidationSize = options.minValidationSize ?? DEFAULT_IMAGE_TRAIN_OPTIONS.minValidationSize;
  const validationFraction = options.validationFraction ?? DEFAULT_IMAGE_TRAIN_OPTIONS.validationFraction;
  const byKey = options.validationKeys;
  if (byKey && byKey.keys.length !== y.length) throw new RangeError(`${y.length} labels but ${byKey.keys.length} validation keys`);
  const { trainIndices, validationIndices } = byKey
    ? splitByKey(byKey.keys, validationFraction, byKey.salt, minValidationSize)
    : splitStratified(y, numClasses, validationFraction, rng, minValidationSize);
  const model = buildCnnModel({
    height: images.height,
    width: images.width,
    channels: images.channels,
    numClasses,
    ...DEFAULT_CNN_OPTIONS,
    ...options.cnn,
    seed: rng.nextSeed(),
  });
  try {
    if (options.init?.kind === 'cnn') restoreWarmStart(model, options.init);
    return await fitCnn(model, options, trainIndices, validationIndices, rng);
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function fitCnn(model: tf.LayersModel, options: TrainImageClassifierOptions, trainIndices: Int32Array, validationIndices: Int32Array, rng: Rng): Promise<TrainedImageClassifier> {
  const { images, y, numClasses } = options;
  const maxEpochs = options.maxEpochs ?? DEFAULT_IMAGE_TRAIN_OPTIONS.maxEpochs;
  const patience = options.patience ?? DEFAULT_IMAGE_TRAIN_OPTIONS.patience;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? DEFAULT_IMAGE_TRAIN_OPTIONS.batchSize, Math.max(MIN_BATCH_SIZE, Math.ceil(trainIndices.length / MIN_STEPS_PER_EPOCH))));
  const trainLabels = Int32Array.from(trainIndices, (i) => y[i]!);
  const classWeights =
    (options.classWeights === undefined ? 'balanced' : options.classWeights) === 'balanced' ? computeBalancedClassWeights(trainLabels, numClasses) : new Float32Array(numClasses).fill(1);
  const validation = validationIndices.length > 0 ? { images: gatherImages(images, validationIndices), labels: Int32Array.from(validationIndices, (i) => y[i]!) } : null;
  const optimizer = tf.train.adam(options.learningRate ?? DEFAULT_IMAGE_TRAIN_OPTIONS.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const nextDropoutSeed = () => rng.nextSeed();
  const history: EpochInfo[] = [];
  let best = { epoch: 0, monitored: Number.POSITIVE_INFINITY, weights: null as tf.Tensor[] | null };
  let epochsWithoutImprovement = 0;
  try {
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      const order = rng.permutation(trainIndices.length);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = Array.from(order.subarray(start, Math.min(order.length, start + batchSize)), (o) => trainIndices[o]!);
        lossSum +=
          batch.length *
          tf.tidy(() => {
            const x = toImageTensor(gatherImages(images, batch));
            const targets = tf.oneHot(tf.tensor1d(Int32Array.from(batch, (i) => y[i]!), 'int32'), numClasses);
            const weights = tf.tensor1d(Float32Array.from(batch, (i) => classWeights[y[i]!]!));
            const cost = optimizer.minimize(
              () => {
                const probs = applyCnn(model, x, nextDropoutSeed, { isTraining: true });
                const crossEntropy = tf.neg(tf.sum(tf.mul(targets, tf.log(tf.clipByValue(probs, PROBABILITY_FLOOR, 1))), 1));
                return tf.addN([tf.mean(tf.mul(crossEntropy, weights)), ...model.layers.flatMap((layer) => layer.calculateLosses())]) as tf.Scalar;
              },
              true,
              variables,
            );
            return cost!.dataSync()[0]!;
          });
      }
      const info: EpochInfo = { epoch, loss: lossSum / order.length, valLoss: null, valAccuracy: null };
      if (validation) Object.assign(info, scoreValidation(predictImages(model, validation.images), validation.labels, numClasses, classWeights));
      history.push(info);
      options.onEpoch?.(info);
      const monitored = info.valLoss ?? info.loss;
      if (monitored < best.monitored - MIN_IMPROVEMENT) {
        best.weights?.forEach((w) => w.dispose());
        best = { epoch, monitored, weights: model.getWeights().map((w) => w.clone()) };
        epochsWithoutImprovement = 0;
      } else if (++epochsWithoutImprovement >= patience) {
        break;
      }
      // An epoch of a large pool takes minutes: let the event loop (progress, aborts) run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (best.weights && best.epoch !== history.length) model.setWeights(best.weights);
  } finally {
    best.weights?.forEach((w) => w.dispose());
    optimizer.dispose();
  }
  return {
    model,
    epochs: history.length,
    bestEpoch: best.epoch || history.length,
    history,
    trainSize: trainIndices.length,
    validationIndices,
    warmStart: captureWarmStart('cnn', model),
  };
}

function captureWarmStart(kind: ImageClassifierKind, model: tf.LayersModel): ImageWarmStart {
  const weights = model.getWeights();
  return { kind, shapes: weights.map((w) => [...w.shape]), values: weights.map((w) => w.dataSync() as Float32Array) };
}

/** Starts from earlier weights when every shape matches (same input size, layers and classes). */
function restoreWarmStart(model: tf.LayersModel, init: ImageWarmStart): void {
  const current = model.getWeights();
  const fits = current.length === init.shapes.length && current.every((w, i) => w.shape.length === init.shapes[i]!.length && w.shape.every((d, j) => d === init.shapes[i]![j]));
  if (!fits) return;
  const tensors = init.values.map((values, i) => tf.tensor(values, init.shapes[i]));
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}

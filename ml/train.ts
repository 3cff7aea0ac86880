import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { applyClassifierForTraining } from './models/forward';
import { compressRows, gatherCsrRows, type CsrRows } from './csr-rows';
import { buildMlpModel } from './models/mlp';
import { DEFAULT_SOFTMAX_C, fitSoftmaxRegression } from './models/fit-softmax-regression';
import { buildSoftmaxModel } from './models/softmax';
import { buildSoftmaxModelFromWeights } from './models/softmax-from-weights';
import { predictRows } from './predict-rows';
import { createRng, type Rng } from './random';

import type { ClassifierKind } from './model-kinds';

export { MODEL_KINDS, type ClassifierKind } from './model-kinds';

export type EpochInfo = {
  epoch: number;
  /** Mean (class-weighted) training loss of the epoch, L2 penalty included. */
  loss: number;
  /** Class-weighted cross-entropy on the held-out labels; null when there were too few labels to hold out. */
  valLoss: number | null;
  valAccuracy: number | null;
};

export type TrainClassifierOptions = {
  /** Row-major n×dim features; or pass `rows` instead. */
  x?: Float32Array;
  /** The features compressed (e.g. `featurizer.transformSparse`): far less memory for many labels. */
  rows?: CsrRows;
  /** Class index per row, in [0, numClasses). */
  y: Int32Array;
  dim: number;
  numClasses: number;
  kind: ClassifierKind;
  seed: number;
  maxEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Share of labels held out (stratified) for early stopping. */
  validationFraction?: number;
  /** Epochs without improvement before stopping; the best epoch's weights are restored. */
  patience?: number;
  /**
   * Fewer held-out labels than this and training uses every label, stopping when the training
   * loss plateaus: early stopping on a handful of items is noise. Default 5.
   */
  minValidationSize?: number;
  /** 'balanced' weighs class c by n / (classes present × n_c), like sklearn. */
  classWeights?: 'balanced' | null;
  l2?: number;
  /**
   * Softmax only: inverse L2 strength as scikit-learn's C (see fitSoftmaxRegression). The
   * softmax model is fitted to convergence by L-BFGS on the compressed rows; the epoch,
   * batch, learning-rate, validation and patience settings are the MLP's.
   */
  c?: number;
  /** Softmax only: cap on L-BFGS iterations. */
  maxIterations?: number;
  /** Softmax only: warm start from a previous solution (dim×k kernel, k biases). */
  init?: { kernel: Float32Array; bias: Float32Array } | null;
  /** MLP only. */
  hidden?: number | readonly number[];
  /** MLP only. */
  dropout?: number;
  onEpoch?(info: EpochInfo): void;
};

export type TrainedClassifier = {
  model: tf.LayersModel;
  /** Epochs actually run. */
  epochs: number;
  /** Epoch whose weights the model holds (1-based). */
  bestEpoch: number;
  history: EpochInfo[];
  trainSize: number;
  /** Rows of `x` held out for early stopping (empty when too few labels; always empty for softmax). */
  validationIndices: Int32Array;
  /** Softmax only: the fitted weights on the host (dim×k kernel, k biases), e.g. to warm-start the next fit. */
  weights?: { kernel: Float32Array; bias: Float32Array };
};

export const DEFAULT_TRAIN_OPTIONS = {
  maxEpochs: 60,
  // Large batches: per-step overhead, not arithmetic, dominates these small models.
  batchSize: 128,
  learningRate: 0.02,
  validationFraction: 0.15,
  patience: 5,
  classWeights: 'balanced',
  l2: 1e-5,
  hidden: [128],
  dropout: 0.3,
  c: DEFAULT_SOFTMAX_C,
} as const satisfies Partial<TrainClassifierOptions>;

/** Fewer held-out labels than this make early stopping noise; train on everything instead. */
export const MIN_VALIDATION_SIZE = 5;
const MIN_IMPROVEMENT = 1e-4;
const PROBABILITY_FLOOR = 1e-7;

type ResolvedOptions = Required<Omit<TrainClassifierOptions, 'onEpoch' | 'classWeights' | 'x' | 'rows' | 'init' | 'maxIterations'>> &
  Pick<TrainClassifierOptions, 'onEpoch' | 'classWeights' | 'x' | 'rows' | 'init' | 'maxIterations'>;

/**
 * Trains a classifier with our own loop over `tf.train.adam` (Model.fit's per-batch
 * overhead dominates small models). Seeded init, shuffles and dropout masks make a
 * run reproducible on the same backend. Handles tiny label sets: with too few labels
 * to hold out, it trains on all of them and stops when the training loss plateaus.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainedClassifier> {
  const resolved = resolveOptions(options);
  // Tensors made before the backend settles would be stranded on the cpu backend.
  await initBackend();
  if (resolved.kind === 'softmax') return fitSoftmaxOnIndices(resolved, Int32Array.from(resolved.y, (_, i) => i));
  const rng = createRng(resolved.seed);
  const { trainIndices, validationIndices } = splitStratified(resolved.y, resolved.numClasses, resolved.validationFraction, rng, resolved.minValidationSize);
  return fitOnIndices(resolved, trainIndices, validationIndices, rng);
}

export type TrainCommitteeOptions = TrainClassifierOptions & { members: number };

/**
 * Query-by-committee ensemble: each member trains on a bootstrap resample of the
 * labels and early-stops on its out-of-bag labels.
 */
export async function trainCommittee(options: TrainCommitteeOptions): Promise<TrainedClassifier[]> {
  const resolved = resolveOptions(options);
  if (!Number.isInteger(options.members) || options.members < 2) throw new RangeError('a committee needs at least 2 members');
  await initBackend();
  const rng = createRng(resolved.seed);
  const n = resolved.y.length;
  const members: TrainedClassifier[] = [];
  try {
    for (let m = 0; m < options.members; m++) {
      const memberRng = createRng(rng.nextSeed());
      const inBag = new Int32Array(n);
      const isInBag = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const pick = memberRng.int(n);
        inBag[i] = pick;
        isInBag[pick] = 1;
      }
      if (resolved.kind === 'softmax') {
        members.push(fitSoftmaxOnIndices(resolved, inBag));
        continue;
      }
      const outOfBag = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !isInBag[i]);
      const validation = outOfBag.length >= resolved.minValidationSize ? outOfBag : new Int32Array(0);
      members.push(await fitOnIndices({ ...resolved, seed: memberRng.nextSeed() }, inBag, validation, memberRng));
    }
  } catch (error) {
    members.forEach((member) => member.model.dispose());
    throw error;
  }
  return members;
}

function resolveOptions(options: TrainClassifierOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    ...options,
    maxEpochs: options.maxEpochs ?? DEFAULT_TRAIN_OPTIONS.maxEpochs,
    batchSize: options.batchSize ?? DEFAULT_TRAIN_OPTIONS.batchSize,
    learningRate: options.learningRate ?? DEFAULT_TRAIN_OPTIONS.learningRate,
    validationFraction: options.validationFraction ?? DEFAULT_TRAIN_OPTIONS.validationFraction,
    patience: options.patience ?? DEFAULT_TRAIN_OPTIONS.patience,
    minValidationSize: options.minValidationSize ?? MIN_VALIDATION_SIZE,
    // Softmax: unweighted by default, as the linear baseline it is held to; on SpamAssassin's
    // five sources 'balanced' cost 2.4 points of accuracy (0.878 → 0.854). The MLP keeps 'balanced'.
    classWeights: options.classWeights !== undefined ? options.classWeights : options.kind === 'softmax' ? null : DEFAULT_TRAIN_OPTIONS.classWeights,
    l2: options.l2 ?? DEFAULT_TRAIN_OPTIONS.l2,
    hidden: options.hidden ?? DEFAULT_TRAIN_OPTIONS.hidden,
    dropout: options.dropout ?? DEFAULT_TRAIN_OPTIONS.dropout,
    c: options.c ?? DEFAULT_TRAIN_OPTIONS.c,
  };
  const { x, rows, y, dim, numClasses } = resolved;
  if (y.length === 0) throw new RangeError('cannot train on zero labels');
  if ((x === undefined) === (rows === undefined)) throw new RangeError('pass the features as exactly one of x and rows');
  if (x && x.length !== y.length * dim) throw new RangeError(`x has ${x.length} values, expected ${y.length}×${dim}`);
  if (rows && (rows.rows !== y.length || rows.cols !== dim)) throw new RangeError(`rows is ${rows.rows}×${rows.cols}, expected ${y.length}×${dim}`);
  for (const label of y) {
    if (!(label >= 0 && label < numClasses)) throw new RangeError(`label ${label} outside [0, ${numClasses})`);
  }
  if (!(resolved.validationFraction >= 0 && resolved.validationFraction < 1)) throw new RangeError('validationFraction must be in [0, 1)');
  if (!(resolved.maxEpochs >= 1 && resolved.batchSize >= 1)) throw new RangeError('maxEpochs and batchSize must be ≥ 1');
  return resolved;
}

/**
 * Holds out floor(n_c × fraction) labels of each class, so every class with labels
 * keeps at least one in training. Returns no validation set when it would be too small.
 */
export function splitStratified(
  y: Int32Array,
  numClasses: number,
  fraction: number,
  rng: Rng,
  minValidationSize = MIN_VALIDATION_SIZE,
): { trainIndices: Int32Array; validationIndices: Int32Array } {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  y.forEach((label, i) => byClass[label]!.push(i));
  const train: number[] = [];
  const validation: number[] = [];
  for (const members of byClass) {
    rng.shuffle(members);
    const held = Math.floor(members.length * fraction);
    validation.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  if (validation.length < minValidationSize) {
    return { trainIndices: Int32Array.from(y, (_, i) => i), validationIndices: new Int32Array(0) };
  }
  return { trainIndices: Int32Array.from(train).sort(), validationIndices: Int32Array.from(validation).sort() };
}

/** sklearn's "balanced": n / (classes present × n_c); absent classes get 0. */
export function computeBalancedClassWeights(y: ArrayLike<number>, numClasses: number): Float32Array {
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const present = counts.filter((c) => c > 0).length;
  return Float32Array.from(counts, (c) => (c > 0 ? y.length / (present * c) : 0));
}

/** Softmax regression to convergence on the host (L-BFGS over compressed rows), held in a tfjs model. */
function fitSoftmaxOnIndices(options: ResolvedOptions, indices: Int32Array): TrainedClassifier {
  const { y, dim, numClasses } = options;
  const allRows = options.rows ?? compressRows(options.x!, y.length, dim);
  const rows = gatherCsrRows(allRows, indices, indices.length);
  const labels = Int32Array.from(indices, (i) => y[i]!);
  const classWeights = options.classWeights === 'balanced' ? computeBalancedClassWeights(labels, numClasses) : null;
  const history: EpochInfo[] = [];
  const weights = fitSoftmaxRegression({
    rows,
    y: labels,
    numClasses,
    c: options.c,
    sampleWeights: classWeights ? Float32Array.from(labels, (label) => classWeights[label]!) : null,
    maxIterations: options.maxIterations,
    init: options.init,
    onIteration: (iteration, loss) => {
      const info: EpochInfo = { epoch: iteration, loss, valLoss: null, valAccuracy: null };
      history.push(info);
      options.onEpoch?.(info);
    },
  });
  const model = buildSoftmaxModelFromWeights({ kernel: weights.kernel, bias: weights.bias, inputDim: dim, numClasses });
  return {
    model,
    epochs: history.length,
    bestEpoch: history.length,
    history,
    trainSize: indices.length,
    validationIndices: new Int32Array(0),
    weights: { kernel: weights.kernel, bias: weights.bias },
  };
}

async function fitOnIndices(
  options: ResolvedOptions,
  trainIndices: Int32Array,
  validationIndices: Int32Array,
  rng: Rng,
): Promise<TrainedClassifier> {
  const { y, dim, numClasses, batchSize, maxEpochs, patience } = options;
  // Compressed once: a batch is then gathered from the non-zeros instead of scanned again every epoch.
  const allRows = options.rows ?? compressRows(options.x!, y.length, dim);
  const model = buildModel(options);
  const optimizer = tf.train.adam(options.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const trainLabels = Int32Array.from(trainIndices, (i) => y[i]!);
  const classWeights =
    options.classWeights === 'balanced' ? computeBalancedClassWeights(trainLabels, numClasses) : new Float32Array(numClasses).fill(1);
  const nextDropoutSeed = () => rng.nextSeed();
  const hasValidation = validationIndices.length > 0;
  const validationRows = hasValidation ? gatherCsrRows(allRows, validationIndices, validationIndices.length) : null;
  const validationY = Int32Array.from(validationIndices, (i) => y[i]!);

  const batchY = new Int32Array(Math.min(batchSize, trainIndices.length));
  const batchWeights = new Float32Array(batchY.length);
  let batchRows: CsrRows | undefined;
  const batchOrder = new Int32Array(batchY.length);

  const history: EpochInfo[] = [];
  let best = { epoch: 0, monitored: Number.POSITIVE_INFINITY, weights: null as tf.Tensor[] | null };
  let epochsWithoutImprovement = 0;

  try {
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      const order = rng.permutation(trainIndices.length);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const rows = Math.min(batchSize, order.length - start);
        for (let j = 0; j < rows; j++) {
          const item = trainIndices[order[start + j]!]!;
          batchOrder[j] = item;
          batchY[j] = y[item]!;
          batchWeights[j] = classWeights[y[item]!]!;
        }
        batchRows = gatherCsrRows(allRows, batchOrder, rows, batchRows);
        const hostRows = batchRows;
        // The tensors below may alias the reused batch buffers (the cpu backend keeps
        // the array); tidy disposes them before the next batch overwrites the buffers.
        lossSum += rows * tf.tidy(() => {
          const targets = tf.oneHot(tf.tensor1d(batchY.subarray(0, rows), 'int32'), numClasses);
          const weights = tf.tensor1d(batchWeights.subarray(0, rows));
          const cost = optimizer.minimize(
            () => {
              const probs = applyClassifierForTraining(model, null, hostRows, nextDropoutSeed);
              const crossEntropy = tf.neg(tf.sum(tf.mul(targets, tf.log(tf.clipByValue(probs, PROBABILITY_FLOOR, 1))), 1));
              return tf.addN([tf.mean(tf.mul(crossEntropy, weights)), ...computeRegularizationLosses(model)]) as tf.Scalar;
            },
            true,
            variables,
          );
          return cost!.dataSync()[0]!;
        });
      }
      const info: EpochInfo = { epoch, loss: lossSum / order.length, valLoss: null, valAccuracy: null };
      if (validationRows) {
        const probs = predictRows(model, validationRows);
        Object.assign(info, scoreValidation(probs, validationY, numClasses, classWeights));
      }
      history.push(info);
      options.onEpoch?.(info);

      const monitored = info.valLoss ?? info.loss;
      if (monitored < best.monitored - MIN_IMPROVEMENT) {
        best.weights?.forEach((w) => w.dispose());
        // getWeights returns the live variables; clones keep this epoch's values alive.
        best = { epoch, monitored, weights: model.getWeights().map((w) => w.clone()) };
        epochsWithoutImprovement = 0;
      } else if (++epochsWithoutImprovement >= patience) {
        break;
      }
      // Let the event loop breathe between epochs; training can take seconds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (best.weights && best.epoch !== history.length) model.setWeights(best.weights);
  } catch (error) {
    model.dispose();
    throw error;
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
  };
}

function buildModel(options: ResolvedOptions): tf.LayersModel {
  const { dim: inputDim, numClasses, l2, seed } = options;
  return options.kind === 'mlp'
    ? buildMlpModel({ inputDim, numClasses, hidden: options.hidden, dropout: options.dropout, l2, seed })
    : buildSoftmaxModel({ inputDim, numClasses, l2, seed });
}

/** Kernel L2 penalties declared on the layers; a custom loop has to add them itself. */
function computeRegularizationLosses(model: tf.LayersModel): tf.Scalar[] {
  return model.layers.flatMap((layer) => layer.calculateLosses());
}

/** Class-weighted cross-entropy and accuracy of held-out probabilities: what early stopping watches. */
export function scoreValidation(
  probs: Float32Array,
  labels: Int32Array,
  numClasses: number,
  classWeights: Float32Array,
): { valLoss: number; valAccuracy: number } {
  let weightedLoss = 0;
  let weightSum = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const row = i * numClasses;
    const weight = classWeights[label]!;
    weightedLoss -= weight * Math.log(Math.max(probs[row + label]!, PROBABILITY_FLOOR));
    weightSum += weight;
    let argmax = 0;
    for (let c = 1; c < numClasses; c++) if (probs[row + c]! > probs[row + argmax]!) argmax = c;
    if (argmax === label) correct++;
  }
  return { valLoss: weightSum > 0 ? weightedLoss / weightSum : 0, valAccuracy: correct / labels.length };
}

import type * as tf from '@tensorflow/tfjs';
import { gatherCsrRows } from '../csr-rows';
import { createFeaturizer, DEFAULT_FEATURE_DIM, DEFAULT_FEATURIZER_OPTIONS, type Featurizer, type FeaturizerOptions } from '../features/featurizer';
import { predictRows } from '../predict-rows';
import { createRng } from '../random';
import { trainClassifier, trainCommittee, type ClassifierKind, type EpochInfo } from '../train';
import { computeCalibration } from '../metrics/calibration';
import { computePredictedLabels } from '../metrics/predicted-labels';
import { applyTemperature, fitTemperature } from '../metrics/temperature-scaling';
import { scaleOutputTemperature } from '../models/scale-temperature';
import { evaluateModel, type ModelCalibration, type ModelEvaluation } from './evaluate-model';
import { computeOutOfFoldProbs, type SoftmaxInit } from './out-of-fold';
import { assignStableFolds } from './stable-folds';

export type TrainProgress =
  | { stage: 'featurizing'; texts: number }
  | ({ stage: 'training'; maxEpochs: number } & EpochInfo)
  | { stage: 'cross-validation'; fold: number; folds: number }
  | { stage: 'committee'; members: number }
  | { stage: 'evaluating'; items: number };

export type TrainModelInput = {
  texts: readonly string[];
  labels: Int32Array;
  numClasses: number;
  /** More of the pool for the IDF fit (training and evaluation texts are always included). */
  corpus: readonly string[];
  evalTexts: readonly string[];
  evalLabels: Int32Array;
  featurizer?: FeaturizerOptions;
  kind: ClassifierKind;
  seed: number;
  maxEpochs?: number;
  /** Folds for out-of-fold probabilities (confident learning); 0 skips them. */
  outOfFoldFolds: number;
  /** Cross-validate at most this many labels (a seeded random subset): k more trainings are not free. */
  maxOutOfFoldLabels?: number;
  /** Bootstrap members for query-by-committee; 0 trains none. */
  committeeMembers: number;
  /**
   * A stable id per label (the item id): folds and the cross-validated subset follow it, so
   * they stay put from one version to the next and `warmStart.folds` may be used. Without it,
   * folds are stratified afresh and fold warm starts are ignored.
   */
  itemKeys?: ArrayLike<number>;
  /** The previous version's softmax weights (same features width and classes), to start from. */
  warmStart?: WarmStart | null;
  bootstrapSamples?: number;
  onProgress?(progress: TrainProgress): void;
};

export type TrainedModel = {
  featurizer: Featurizer;
  model: tf.LayersModel;
  committee: tf.LayersModel[];
  history: EpochInfo[];
  epochs: number;
  bestEpoch: number;
  evaluation: ModelEvaluation | null;
  /**
   * Temperature already baked into `model` (its probabilities are calibrated); 1 when none was
   * fitted. Details and ECE before/after are in `evaluation.calibration`.
   */
  temperature: number;
  /** Out-of-fold probabilities (m×k, temperature-scaled when a temperature was fitted) of the labels at `indices` (into `texts`); null when skipped. */
  outOfFold: { indices: Int32Array; probs: Float32Array } | null;
  seconds: { featurize: number; train: number; crossValidation: number; committee: number; evaluate: number };
  /** This version's softmax weights (the model's, null for an MLP, and each stable fold's) for the next version to start from. */
  warmStart: WarmStart;
};

/**
 * Softmax weights one version leaves for the next: the model's (before temperature scaling)
 * and each cross-validation fold's. Retraining after a batch of labels then starts next to the
 * optimum, and L-BFGS needs ~15 iterations instead of 60 (measured on 6,000 e-mails: the same
 * loss in a tenth of the time).
 */
export type WarmStart = { dim: number; numClasses: number; main: SoftmaxInit | null; folds: ReadonlyArray<SoftmaxInit | null> };

export const DEFAULT_TRAIN_MAX_EPOCHS = 60;
/**
 * Early stopping needs a validation set worth trusting: below 50 held-out labels (about 330
 * labels in all) the model trains on every label instead. Measured on the demo corpus, this
 * steadied the first active-learning rounds and improved every strategy's learning curve.
 */
export const MIN_VALIDATION_LABELS = 50;
export const DEFAULT_MAX_OUT_OF_FOLD_LABELS = 5_000;
/** Widest hashed input an MLP gets (the softmax model takes DEFAULT_FEATURE_DIM). */
export const MAX_MLP_FEATURE_DIM = 2 ** 14;
const PREDICT_CHUNK = 1024;

/**
 * One model version, end to end: fit IDF on the pool, featurize the labels (compressed),
 * train (softmax: to convergence; mlp: with early stopping), optionally the out-of-fold
 * probabilities and a bootstrap committee the learning loop uses afterwards, a temperature
 * fitted on the out-of-fold probabilities and baked into the model, and the evaluation on
 * the held-out evaluation labels with bootstrap intervals, ECE before/after scaling and the
 * majority-baseline verdict. The caller owns (and disposes) the returned models.
 */
export async function trainModel(input: TrainModelInput): Promise<TrainedModel> {
  const { labels, numClasses, seed, onProgress } = input;
  if (input.texts.length !== labels.length) throw new RangeError('texts and labels differ in length');
  if (input.evalTexts.length !== input.evalLabels.length) throw new RangeError('evalTexts and evalLabels differ in length');
  const clock = startClock();

  onProgress?.({ stage: 'featurizing', texts: input.texts.length + input.corpus.length });
  const requested = input.featurizer ?? DEFAULT_FEATURIZER_OPTIONS;
  // An MLP's first layer is dim × hidden dense weights (2^18 × 128 is 134 MB, plus Adam's
  // moments): its hashed width is capped, the stored featurizer config records the real one.
  const featurizer = createFeaturizer(input.kind === 'mlp' && (requested.dim ?? DEFAULT_FEATURE_DIM) > MAX_MLP_FEATURE_DIM ? { ...requested, dim: MAX_MLP_FEATURE_DIM } : requested);
  const rows = featurizer.fitTransformSparse(input.texts, iterateAll(input.evalTexts, input.corpus));
  const featurize = clock.lap();

  const maxEpochs = input.maxEpochs ?? DEFAULT_TRAIN_MAX_EPOCHS;
  const warmStart = input.warmStart && input.warmStart.dim === featurizer.dim && input.warmStart.numClasses === numClasses ? input.warmStart : null;
  const trained = await trainClassifier({
    rows,
    y: labels,
    dim: featurizer.dim,
    numClasses,
    kind: input.kind,
    seed,
    maxEpochs,
    minValidationSize: MIN_VALIDATION_LABELS,
    init: input.kind === 'softmax' ? (warmStart?.main ?? null) : null,
    onEpoch: (info) => onProgress?.({ stage: 'training', maxEpochs, ...info }),
  });
  const train = clock.lap();
  const committee: tf.LayersModel[] = [];
  try {
    let outOfFold: TrainedModel['outOfFold'] = null;
    let foldWeights: (SoftmaxInit | null)[] = [];
    if (input.outOfFoldFolds >= 2 && labels.length >= input.outOfFoldFolds * 2) {
      const limit = input.maxOutOfFoldLabels ?? DEFAULT_MAX_OUT_OF_FOLD_LABELS;
      if (input.itemKeys && input.itemKeys.length !== labels.length) throw new RangeError('itemKeys and labels differ in length');
      const stable = input.itemKeys ? assignStableFolds(input.itemKeys, input.outOfFoldFolds, limit) : null;
      const indices =
        stable?.indices ?? (labels.length <= limit ? Int32Array.from(labels, (_, i) => i) : createRng(seed + 3).permutation(labels.length).subarray(0, limit).sort());
      const subset = indices.length === labels.length ? rows : gatherCsrRows(rows, indices, indices.length);
      const result = await computeOutOfFoldProbs({
        rows: subset,
        labels: Int32Array.from(indices, (i) => labels[i]!),
        numClasses,
        folds: input.outOfFoldFolds,
        seed: seed + 1,
        // Never the full-data solution: it saw every held-out label. Only a fold model of the same
        // stable fold, which did not, may start the fold again (see assignStableFolds).
        foldOf: stable?.foldOf,
        foldInits: stable && warmStart ? warmStart.folds : undefined,
        train: { minValidationSize: MIN_VALIDATION_LABELS },
        onFold: (fold) => onProgress?.({ stage: 'cross-validation', fold: fold + 1, folds: input.outOfFoldFolds }),
      });
      outOfFold = { indices: Int32Array.from(indices), probs: result.probs };
      if (stable) foldWeights = result.foldWeights;
    }
    const crossValidation = clock.lap();

    if (input.committeeMembers >= 2) {
      onProgress?.({ stage: 'committee', members: input.committeeMembers });
      const members = await trainCommittee({
        rows,
        y: labels,
        dim: featurizer.dim,
        numClasses,
        kind: input.kind,
        seed: seed + 2,
        members: input.committeeMembers,
        maxEpochs,
        minValidationSize: MIN_VALIDATION_LABELS,
      });
      committee.push(...members.map((m) => m.model));
    }
    const committeeSeconds = clock.lap();

    // Temperature from the out-of-fold probabilities (softmax folds, so only for a softmax model):
    // held out from each fold's model, and never the evaluation set it is then scored on.
    const temperature = outOfFold && input.kind === 'softmax' ? fitTemperature(outOfFold.probs, Int32Array.from(outOfFold.indices, (i) => labels[i]!), numClasses) : null;
    let evaluation: ModelEvaluation | null = null;
    if (input.evalLabels.length > 0) {
      onProgress?.({ stage: 'evaluating', items: input.evalLabels.length });
      const raw = predictTexts(trained.model, featurizer, input.evalTexts, numClasses);
      const probs = temperature === null ? raw : applyTemperature(raw, numClasses, temperature);
      const calibration: ModelCalibration | null =
        temperature === null
          ? null
          : { temperature, fittedOn: 'out-of-fold', fitSize: outOfFold!.indices.length, eceBefore: computeEce(raw, input.evalLabels, numClasses), eceAfter: computeEce(probs, input.evalLabels, numClasses) };
      evaluation = evaluateModel({ probs, yTrue: input.evalLabels, numClasses, seed, bootstrapSamples: input.bootstrapSamples, calibration });
    }
    if (temperature !== null) scaleOutputTemperature(trained.model, temperature);
    return {
      featurizer,
      model: trained.model,
      committee,
      history: trained.history,
      epochs: trained.epochs,
      bestEpoch: trained.bestEpoch,
      evaluation,
      // Confident learning reads these on the scale the stored model answers on: its calibrated probabilities.
      outOfFold: outOfFold && temperature !== null ? { indices: outOfFold.indices, probs: applyTemperature(outOfFold.probs, numClasses, temperature) } : outOfFold,
      temperature: temperature ?? 1,
      seconds: { featurize, train, crossValidation, committee: committeeSeconds, evaluate: clock.lap() },
      warmStart: { dim: featurizer.dim, numClasses, main: trained.weights ?? null, folds: foldWeights },
    };
  } catch (error) {
    trained.model.dispose();
    committee.forEach((member) => member.dispose());
    throw error;
  }
}

/** Class probabilities of texts, featurized (compressed) and predicted in chunks so memory stays flat. */
export function predictTexts(model: tf.LayersModel, featurizer: Featurizer, texts: readonly string[], numClasses: number): Float32Array {
  const out = new Float32Array(texts.length * numClasses);
  for (let start = 0; start < texts.length; start += PREDICT_CHUNK) {
    out.set(predictRows(model, featurizer.transformSparse(texts.slice(start, start + PREDICT_CHUNK))), start * numClasses);
  }
  return out;
}

function computeEce(probs: Float32Array, labels: Int32Array, numClasses: number): number {
  const predicted = computePredictedLabels(probs, numClasses);
  const confidences = Float32Array.from(labels, (_, i) => probs[i * numClasses + predicted[i]!]!);
  return computeCalibration(confidences, Uint8Array.from(labels, (label, i) => (predicted[i] === label ? 1 : 0))).ece;
}

function* iterateAll(...lists: ReadonlyArray<readonly string[]>): Generator<string> {
  for (const list of lists) yield* list;
}

function startClock() {
  let last = performance.now();
  return {
    lap(): number {
      const now = performance.now();
      const seconds = (now - last) / 1000;
      last = now;
      return seconds;
    },
  };
}

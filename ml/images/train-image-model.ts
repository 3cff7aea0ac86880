import type * as tf from '@tensorflow/tfjs';
import { computeCalibration } from '../metrics/calibration';
import { computePredictedLabels } from '../metrics/predicted-labels';
import { applyTemperature, fitTemperature } from '../metrics/temperature-scaling';
import type { ImageClassifierKind } from '../model-kinds';
import { scaleOutputTemperature } from '../models/scale-temperature';
import { evaluateModel, type ModelCalibration, type ModelEvaluation } from '../pipeline/evaluate-model';
import { computeOutOfFoldProbs } from '../pipeline/out-of-fold';
import { MIN_VALIDATION_LABELS, type TrainProgress } from '../pipeline/train-model';
import type { EpochInfo } from '../train';
import { gatherImages, type ImageSet } from './image-set';
import type { ImageInputConfig } from './image-input';
import { toPixelRows } from './pixel-rows';
import { predictImages } from './predict-images';
import { trainImageClassifier, type ImageWarmStart } from './train-image-classifier';
import { trainImageCommittee } from './train-image-committee';

export type TrainImageModelInput = {
  images: ImageSet;
  labels: Int32Array;
  numClasses: number;
  evalImages: ImageSet;
  evalLabels: Int32Array;
  /** The preprocessing the images went through; stored with the version. */
  input: ImageInputConfig;
  kind: ImageClassifierKind;
  seed: number;
  maxEpochs?: number;
  /** Folds for out-of-fold probabilities (pixel softmax only: k more CNN trainings are not affordable); 0 skips. */
  outOfFoldFolds: number;
  committeeMembers: number;
  warmStart?: ImageWarmStart | null;
  bootstrapSamples?: number;
  onProgress?(progress: TrainProgress): void;
};

export type TrainedImageModel = {
  input: ImageInputConfig;
  model: tf.LayersModel;
  committee: tf.LayersModel[];
  history: EpochInfo[];
  epochs: number;
  bestEpoch: number;
  evaluation: ModelEvaluation | null;
  /** Temperature baked into `model`; 1 when none was fitted. */
  temperature: number;
  outOfFold: { indices: Int32Array; probs: Float32Array } | null;
  seconds: { train: number; crossValidation: number; committee: number; evaluate: number };
  warmStart: ImageWarmStart;
};

/**
 * One image model version end to end, as trainModel is for text: train (warm-started from the
 * series' last weights when they fit), out-of-fold probabilities for confident learning (pixel
 * softmax), a temperature baked into the model, and the evaluation on the evaluation images. The
 * CNN's temperature is fitted on its early-stopping labels: held out from its weights, and not the
 * evaluation set it is scored on. The caller owns (and disposes) the returned models.
 */
export async function trainImageModel(input: TrainImageModelInput): Promise<TrainedImageModel> {
  const { images, labels, numClasses, kind, seed, onProgress } = input;
  if (images.count !== labels.length) throw new RangeError('images and labels differ in length');
  if (input.evalImages.count !== input.evalLabels.length) throw new RangeError('evalImages and evalLabels differ in length');
  const clock = startClock();
  const maxEpochs = input.maxEpochs;
  const trained = await trainImageClassifier({
    images,
    y: labels,
    numClasses,
    kind,
    seed,
    maxEpochs,
    minValidationSize: MIN_VALIDATION_LABELS,
    init: input.warmStart ?? null,
    onEpoch: (info) => onProgress?.({ stage: 'training', maxEpochs: maxEpochs ?? 0, ...info }),
  });
  const train = clock.lap();
  const committee: tf.LayersModel[] = [];
  try {
    let outOfFold: TrainedImageModel['outOfFold'] = null;
    if (kind === 'pixel-softmax' && input.outOfFoldFolds >= 2 && labels.length >= input.outOfFoldFolds * 2) {
      const result = await computeOutOfFoldProbs({
        rows: toPixelRows(images),
        labels,
        numClasses,
        folds: input.outOfFoldFolds,
        seed: seed + 1,
        train: { minValidationSize: MIN_VALIDATION_LABELS },
        onFold: (fold) => onProgress?.({ stage: 'cross-validation', fold: fold + 1, folds: input.outOfFoldFolds }),
      });
      outOfFold = { indices: Int32Array.from(labels, (_, i) => i), probs: result.probs };
    }
    const crossValidation = clock.lap();
    if (input.committeeMembers >= 2) {
      onProgress?.({ stage: 'committee', members: input.committeeMembers });
      committee.push(...(await trainImageCommittee({ images, y: labels, numClasses, kind, seed: seed + 2, maxEpochs, minValidationSize: MIN_VALIDATION_LABELS, members: input.committeeMembers })));
    }
    const committeeSeconds = clock.lap();

    const heldOut = outOfFold
      ? { fittedOn: 'out-of-fold' as const, probs: outOfFold.probs, labels }
      : trained.validationIndices.length > 0
        ? {
            fittedOn: 'validation' as const,
            probs: predictImages(trained.model, gatherImages(images, trained.validationIndices)),
            labels: Int32Array.from(trained.validationIndices, (i) => labels[i]!),
          }
        : null;
    const temperature = heldOut ? fitTemperature(heldOut.probs, heldOut.labels, numClasses) : null;
    let evaluation: ModelEvaluation | null = null;
    if (input.evalLabels.length > 0) {
      onProgress?.({ stage: 'evaluating', items: input.evalLabels.length });
      const raw = predictImages(trained.model, input.evalImages);
      const probs = temperature === null ? raw : applyTemperature(raw, numClasses, temperature);
      const calibration: ModelCalibration | null =
        temperature === null || !heldOut
          ? null
          : { temperature, fittedOn: heldOut.fittedOn, fitSize: heldOut.labels.length, eceBefore: computeEce(raw, input.evalLabels, numClasses), eceAfter: computeEce(probs, input.evalLabels, numClasses) };
      evaluation = evaluateModel({ probs, yTrue: input.evalLabels, numClasses, seed, bootstrapSamples: input.bootstrapSamples, calibration });
    }
    if (temperature !== null) scaleOutputTemperature(trained.model, temperature);
    return {
      input: input.input,
      model: trained.model,
      committee,
      history: trained.history,
      epochs: trained.epochs,
      bestEpoch: trained.bestEpoch,
      evaluation,
      temperature: temperature ?? 1,
      outOfFold: outOfFold && temperature !== null ? { indices: outOfFold.indices, probs: applyTemperature(outOfFold.probs, numClasses, temperature) } : outOfFold,
      seconds: { train, crossValidation, committee: committeeSeconds, evaluate: clock.lap() },
      warmStart: trained.warmStart,
    };
  } catch (error) {
    trained.model.dispose();
    committee.forEach((member) => member.dispose());
    throw error;
  }
}

function computeEce(probs: Float32Array, labels: Int32Array, numClasses: number): number {
  const predicted = computePredictedLabels(probs, numClasses);
  const confidences = Float32Array.from(labels, (_, i) => probs[i * numClasses + predicted[i]!]!);
  return computeCalibration(confidences, Uint8Array.from(labels, (label, i) => (predicted[i] === label ? 1 : 0))).ece;
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

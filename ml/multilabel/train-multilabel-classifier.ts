import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { gatherCsrRows, type CsrRows } from '../csr-rows';
import { multiplyCsrDense } from '../models/host-gradients';
import { createRng } from '../random';
import { fitLabelTemperatures } from './fit-label-temperatures';
import { DEFAULT_SIGMOID_C, fitOneVsRestLogistic, type SigmoidWeights } from './fit-one-vs-rest-logistic';
import { buildSigmoidModel } from './sigmoid-model';
import { DEFAULT_LABEL_THRESHOLD, tuneLabelThresholds, type TLabelThreshold } from './tune-label-thresholds';

export type TrainMultilabelOptions = {
  rows: CsrRows;
  /** n×L 0/1 targets (encodeLabelSets); an all-zero row is a "none of these" answer and trains every label's negatives. */
  targets: Uint8Array;
  numLabels: number;
  seed: number;
  /** Logistic C per label (DEFAULT_SIGMOID_C). */
  c?: number;
  maxIterations?: number;
  /**
   * Folds of the out-of-fold probabilities that thresholds and temperatures are tuned on (default 5).
   * 0, or fewer than MIN_ROWS_PER_FOLD rows per fold, skips tuning: thresholds 0.5, T = 1.
   */
  folds?: number;
  /** Per-label temperature scaling on the out-of-fold logits (default true). */
  calibrate?: boolean;
  /** Warm start of the final fit (the previous version's uncalibrated weights). */
  init?: { kernel: Float32Array; bias: Float32Array } | null;
};

/** JSON a model version keeps beside the tfjs artifact (train_config or model.json's userDefinedMetadata). */
export type TMultilabelModelMetadata = {
  task: 'multi_label';
  /** Per label: predict the label when the (calibrated) probability is ≥ this. */
  thresholds: number[];
  thresholdSources: TLabelThreshold['source'][];
  /** Per-label temperatures, already baked into the stored weights; kept to explain the numbers. */
  temperatures: number[];
  c: number;
  folds: number;
};

export type TrainedMultilabelClassifier = {
  /** One Dense sigmoid layer, temperatures baked in: predictLabelProbabilities gives calibrated p. */
  model: tf.LayersModel;
  /** The uncalibrated fit on all rows, to warm-start the next version. */
  weights: SigmoidWeights;
  thresholds: TLabelThreshold[];
  temperatures: Float64Array;
  /** n×L calibrated out-of-fold probabilities (null without folds): evaluation without a test set. */
  outOfFoldProbs: Float32Array | null;
  metadata: TMultilabelModelMetadata;
};

export const DEFAULT_MULTILABEL_FOLDS = 5;
/** Below two rows per fold a fold model has almost nothing to learn from and its scores mean little. */
export const MIN_ROWS_PER_FOLD = 2;

/**
 * The multi-label model version: one-vs-rest logistic regression on the featurizer's compressed
 * rows. K-fold cross-fitting first gives every labeled row probabilities from a model that did not
 * see it; per-label temperatures are fitted on those logits, and per-label thresholds are tuned on
 * the calibrated out-of-fold probabilities to maximise each label's F1 (tuneLabelThresholds: 0.5 for
 * labels with fewer than 5 held-out positives). Then the final model is fitted on every row and the
 * temperatures are baked into it. Folds are a seeded random partition, not stratified: stratifying
 * label sets (iterative stratification) matters for very rare labels, which the 0.5 rule covers.
 * Cost: (folds + 1) × L binary fits.
 */
export async function trainMultilabelClassifier(options: TrainMultilabelOptions): Promise<TrainedMultilabelClassifier> {
  const { rows, targets, numLabels, seed } = options;
  const c = options.c ?? DEFAULT_SIGMOID_C;
  const n = rows.rows;
  if (targets.length !== n * numLabels) throw new RangeError(`targets hold ${targets.length} values, ${n}×${numLabels} needs ${n * numLabels}`);
  const requestedFolds = options.folds ?? DEFAULT_MULTILABEL_FOLDS;
  const folds = requestedFolds >= 2 && n >= requestedFolds * MIN_ROWS_PER_FOLD ? requestedFolds : 0;
  // Tensors made before the backend settles would be stranded on the cpu backend.
  await initBackend();

  let temperatures: Float64Array = new Float64Array(numLabels).fill(1);
  let thresholds: TLabelThreshold[] = Array.from({ length: numLabels }, () => ({ threshold: DEFAULT_LABEL_THRESHOLD, source: 'default' as const, heldOutF1: null }));
  let outOfFoldProbs: Float32Array | null = null;
  if (folds > 0) {
    const logits = computeOutOfFoldLogits(rows, targets, numLabels, folds, seed, c, options.maxIterations);
    if (options.calibrate ?? true) temperatures = fitLabelTemperatures(logits, targets, numLabels);
    outOfFoldProbs = Float32Array.from(logits, (z, p) => 1 / (1 + Math.exp(-z / temperatures[p % numLabels]!)));
    thresholds = tuneLabelThresholds(outOfFoldProbs, targets, numLabels);
  }
  const weights = fitOneVsRestLogistic({ rows, targets, numLabels, c, maxIterations: options.maxIterations, init: options.init });
  const model = buildSigmoidModel({ kernel: weights.kernel, bias: weights.bias, inputDim: rows.cols, numLabels, temperatures });
  return {
    model,
    weights,
    thresholds,
    temperatures,
    outOfFoldProbs,
    metadata: {
      task: 'multi_label',
      thresholds: thresholds.map((t) => t.threshold),
      thresholdSources: thresholds.map((t) => t.source),
      temperatures: Array.from(temperatures),
      c,
      folds,
    },
  };
}

/** n×L logits, row i's from the fold model that held it out. */
function computeOutOfFoldLogits(rows: CsrRows, targets: Uint8Array, numLabels: number, folds: number, seed: number, c: number, maxIterations: number | undefined): Float64Array {
  const n = rows.rows;
  const permutation = createRng(seed).permutation(n);
  const foldOf = new Int32Array(n);
  for (let rank = 0; rank < n; rank++) foldOf[permutation[rank]!] = rank % folds;
  const logits = new Float64Array(n * numLabels);
  for (let fold = 0; fold < folds; fold++) {
    const trainIndices: number[] = [];
    const heldOut: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === fold ? heldOut : trainIndices).push(i);
    const trainTargets = new Uint8Array(trainIndices.length * numLabels);
    trainIndices.forEach((i, r) => trainTargets.set(targets.subarray(i * numLabels, (i + 1) * numLabels), r * numLabels));
    const fitted = fitOneVsRestLogistic({ rows: gatherCsrRows(rows, trainIndices, trainIndices.length), targets: trainTargets, numLabels, c, maxIterations });
    const scores = multiplyCsrDense(gatherCsrRows(rows, heldOut, heldOut.length), fitted.kernel, numLabels);
    heldOut.forEach((i, r) => {
      for (let l = 0; l < numLabels; l++) logits[i * numLabels + l] = scores[r * numLabels + l]! + fitted.bias[l]!;
    });
  }
  return logits;
}

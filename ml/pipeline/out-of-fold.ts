import { gatherCsrRows, type CsrRows } from '../csr-rows';
import { predictRows } from '../predict-rows';
import { createRng } from '../random';
import { trainClassifier, type TrainClassifierOptions } from '../train';

export type OutOfFoldOptions = {
  rows: CsrRows;
  labels: Int32Array;
  numClasses: number;
  folds: number;
  seed: number;
  /** Training settings for the fold models (kind, epochs…). */
  train?: Partial<Pick<TrainClassifierOptions, 'kind' | 'maxEpochs' | 'learningRate' | 'l2' | 'hidden' | 'dropout' | 'minValidationSize' | 'c'>>;
  /** Fold per label (e.g. assignStableFolds); default stratified by label from `seed`. */
  foldOf?: Int32Array;
  /** Softmax warm start per fold: only weights that never saw that fold's held-out labels. */
  foldInits?: ReadonlyArray<SoftmaxInit | null>;
  onFold?(fold: number): void;
};

export type SoftmaxInit = { kernel: Float32Array; bias: Float32Array };

export type OutOfFoldResult = {
  /** n×k, row i predicted by the model of the fold that held label i out. */
  probs: Float32Array;
  /** Each fold model's softmax weights (null for a fold that was empty), to warm-start the next version's. */
  foldWeights: (SoftmaxInit | null)[];
};

/**
 * K-fold cross-validated probabilities: every labeled item is predicted by a model that
 * did not see its label, which is what confident learning needs (a model trained on a
 * wrong label tends to repeat it). Folds are stratified by label.
 */
export async function computeOutOfFoldProbs({ rows, labels, numClasses, folds, seed, train, foldOf: givenFolds, foldInits, onFold }: OutOfFoldOptions): Promise<OutOfFoldResult> {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const n = labels.length;
  const rng = createRng(seed);
  const stratifiedSeed = rng.nextSeed();
  const foldOf = givenFolds ?? assignStratifiedFolds(labels, numClasses, folds, stratifiedSeed);
  if (foldOf.length !== n) throw new RangeError(`${foldOf.length} folds for ${n} labels`);
  const out = new Float32Array(n * numClasses);
  const foldWeights: (SoftmaxInit | null)[] = Array.from({ length: folds }, () => null);
  for (let fold = 0; fold < folds; fold++) {
    onFold?.(fold);
    const trainIndices: number[] = [];
    const heldOut: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === fold ? heldOut : trainIndices).push(i);
    if (heldOut.length === 0 || trainIndices.length === 0) continue;
    const { model, weights } = await trainClassifier({
      rows: gatherCsrRows(rows, trainIndices, trainIndices.length),
      y: Int32Array.from(trainIndices, (i) => labels[i]!),
      dim: rows.cols,
      numClasses,
      kind: 'softmax',
      ...train,
      init: foldInits?.[fold] ?? null,
      seed: rng.nextSeed(),
    });
    foldWeights[fold] = weights ?? null;
    try {
      const probs = predictRows(model, gatherCsrRows(rows, heldOut, heldOut.length));
      for (let r = 0; r < heldOut.length; r++) out.set(probs.subarray(r * numClasses, (r + 1) * numClasses), heldOut[r]! * numClasses);
    } finally {
      model.dispose();
    }
  }
  return { probs: out, foldWeights };
}

/** Fold index per item: each class's items shuffled and dealt round-robin. */
export function assignStratifiedFolds(labels: Int32Array, numClasses: number, folds: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const foldOf = new Int32Array(labels.length);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label]!.push(i));
  let next = 0;
  for (const members of byClass) {
    for (const i of rng.shuffle(members)) foldOf[i] = next++ % folds;
  }
  return foldOf;
}

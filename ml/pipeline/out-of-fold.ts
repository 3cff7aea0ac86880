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
  train?: Partial<Pick<TrainClassifierOptions, 'kind' | 'maxEpochs' | 'learningRate' | 'l2' | 'hidden' | 'dropout' | 'minValidationSize' | 'c' | 'init'>>;
  onFold?(fold: number): void;
};

/**
 * K-fold cross-validated probabilities: every labeled item is predicted by a model that
 * did not see its label, which is what confident learning needs (a model trained on a
 * wrong label tends to repeat it). Folds are stratified by label.
 */
export async function computeOutOfFoldProbs({ rows, labels, numClasses, folds, seed, train, onFold }: OutOfFoldOptions): Promise<Float32Array> {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const n = labels.length;
  const rng = createRng(seed);
  const foldOf = assignStratifiedFolds(labels, numClasses, folds, rng.nextSeed());
  const out = new Float32Array(n * numClasses);
  for (let fold = 0; fold < folds; fold++) {
    onFold?.(fold);
    const trainIndices: number[] = [];
    const heldOut: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === fold ? heldOut : trainIndices).push(i);
    if (heldOut.length === 0 || trainIndices.length === 0) continue;
    const { model } = await trainClassifier({
      rows: gatherCsrRows(rows, trainIndices, trainIndices.length),
      y: Int32Array.from(trainIndices, (i) => labels[i]!),
      dim: rows.cols,
      numClasses,
      kind: 'softmax',
      ...train,
      seed: rng.nextSeed(),
    });
    try {
      const probs = predictRows(model, gatherCsrRows(rows, heldOut, heldOut.length));
      for (let r = 0; r < heldOut.length; r++) out.set(probs.subarray(r * numClasses, (r + 1) * numClasses), heldOut[r]! * numClasses);
    } finally {
      model.dispose();
    }
  }
  return out;
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

import { gatherCsrRows, type CsrRows } from '@/ml/csr-rows';
import { createFeaturizer } from '@/ml/features/featurizer';
import { applyLabelThresholds } from '@/ml/multilabel/apply-label-thresholds';
import { fitOneVsRestLogistic } from '@/ml/multilabel/fit-one-vs-rest-logistic';
import { computeMultilabelMetrics, type TMultilabelMetrics } from '@/ml/multilabel/multilabel-metrics';
import { computeSigmoidProbabilities, predictLabelProbabilities } from '@/ml/multilabel/sigmoid-model';
import { trainMultilabelClassifier } from '@/ml/multilabel/train-multilabel-classifier';
import { gatherTargetRows } from './gather-target-rows';

export type TModelScore = { name: string; metrics: TMultilabelMetrics; seconds: number; note: string };

/** The grid the single-label bench's baseline searches (bench/ml/linear-baseline.ts); the test split never chooses C. */
const BASELINE_C_GRID = [1, 4, 16] as const;
const BASELINE_CV_FOLDS = 3;
const BASELINE_DIM = 2 ** 18;

/**
 * On one split: Quorum's multi-label model (default features, 5-fold out-of-fold temperatures and
 * thresholds) at several C; the same fit read at a flat 0.5 without calibration (what tuning buys);
 * the simple baseline (binary relevance logistic regression at threshold 0.5 on hashed word 1–2-gram
 * TF-IDF, C from {1, 4, 16} by 3-fold cross-validated micro-F1 on the training split: what a
 * scikit-learn user gets from OneVsRestClassifier(LogisticRegression) and a small grid search); and
 * "every label on every item", the floor any model must clear on micro-F1.
 */
export async function compareMultilabelModels(input: {
  rows: CsrRows;
  trainTexts: readonly string[];
  testTexts: readonly string[];
  train: number[];
  test: number[];
  targets: Uint8Array;
  numLabels: number;
  cGrid: readonly number[];
  seed: number;
}): Promise<TModelScore[]> {
  const { rows, train, test, targets, numLabels } = input;
  const pick = (indices: number[]) => gatherTargetRows(targets, indices, numLabels);
  const trainRows = gatherCsrRows(rows, train, train.length);
  const testRows = gatherCsrRows(rows, test, test.length);
  const trainTargets = pick(train);
  const testTargets = pick(test);
  const scores: TModelScore[] = [];

  for (const c of input.cGrid) {
    const started = performance.now();
    const trained = await trainMultilabelClassifier({ rows: trainRows, targets: trainTargets, numLabels, seed: input.seed, c });
    const seconds = (performance.now() - started) / 1000;
    const tuned = applyLabelThresholds(predictLabelProbabilities(trained.model, testRows), trained.metadata.thresholds);
    const tunedCount = trained.metadata.thresholdSources.filter((s) => s === 'tuned').length;
    scores.push({
      name: `Quorum sigmoid, C=${c}, tuned thresholds`,
      metrics: computeMultilabelMetrics(testTargets, tuned, numLabels),
      seconds,
      note: `${tunedCount}/${numLabels} thresholds tuned (range ${Math.min(...trained.metadata.thresholds).toFixed(2)}–${Math.max(...trained.metadata.thresholds).toFixed(2)}), temperatures ${Math.min(...trained.metadata.temperatures).toFixed(2)}–${Math.max(...trained.metadata.temperatures).toFixed(2)}; ${seconds.toFixed(1)} s for 5 folds + final fit`,
    });
    const flat = applyLabelThresholds(computeSigmoidProbabilities(testRows, trained.weights.kernel, trained.weights.bias), new Float32Array(numLabels).fill(0.5));
    scores.push({ name: `Quorum sigmoid, C=${c}, flat 0.5, uncalibrated`, metrics: computeMultilabelMetrics(testTargets, flat, numLabels), seconds, note: 'the same final fit, thresholds not tuned' });
    trained.model.dispose();
  }

  const started = performance.now();
  const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: BASELINE_DIM, wordNgramMax: 2, charNgramRange: null, sublinearTf: true, useIdf: true });
  const baselineTrain = featurizer.fitTransformSparse(input.trainTexts);
  const half = new Float32Array(numLabels).fill(0.5);
  const cvMicroF1: Record<string, number> = {};
  for (const c of BASELINE_C_GRID) {
    // Pooled out-of-fold predictions, scored once: micro-F1 over the whole training split.
    const predicted = new Uint8Array(trainTargets.length);
    for (let fold = 0; fold < BASELINE_CV_FOLDS; fold++) {
      const fit: number[] = [];
      const held: number[] = [];
      for (let r = 0; r < train.length; r++) (r % BASELINE_CV_FOLDS === fold ? held : fit).push(r);
      const weights = fitOneVsRestLogistic({ rows: gatherCsrRows(baselineTrain, fit, fit.length), targets: gatherTargetRows(trainTargets, fit, numLabels), numLabels, c, maxIterations: 200 });
      const heldPredicted = applyLabelThresholds(computeSigmoidProbabilities(gatherCsrRows(baselineTrain, held, held.length), weights.kernel, weights.bias), half);
      held.forEach((r, h) => predicted.set(heldPredicted.subarray(h * numLabels, (h + 1) * numLabels), r * numLabels));
    }
    cvMicroF1[String(c)] = computeMultilabelMetrics(trainTargets, predicted, numLabels).microF1;
  }
  const baselineC = BASELINE_C_GRID.reduce((best, next) => (cvMicroF1[String(next)]! > cvMicroF1[String(best)]! ? next : best));
  const baseline = fitOneVsRestLogistic({ rows: baselineTrain, targets: trainTargets, numLabels, c: baselineC, maxIterations: 200 });
  const baselinePredicted = applyLabelThresholds(computeSigmoidProbabilities(featurizer.transformSparse(input.testTexts), baseline.kernel, baseline.bias), half);
  scores.push({
    name: 'baseline: binary relevance LR, threshold 0.5',
    metrics: computeMultilabelMetrics(testTargets, baselinePredicted, numLabels),
    seconds: (performance.now() - started) / 1000,
    note: `hashed word 1–2-grams, 2^18, sublinear TF-IDF, L2; C=${baselineC} by 3-fold CV micro-F1 (${Object.entries(cvMicroF1).map(([c, f]) => `C=${c}: ${f.toFixed(3)}`).join(', ')})`,
  });
  scores.push({ name: 'floor: every label on every item', metrics: computeMultilabelMetrics(testTargets, new Uint8Array(testTargets.length).fill(1), numLabels), seconds: 0, note: '' });
  return scores;
}


import type { CsrRows } from '../csr-rows';
import { fitSoftmaxRegression } from '../models/fit-softmax-regression';

export type FitOneVsRestOptions = {
  rows: CsrRows;
  /** n×L 0/1 targets (encodeLabelSets). */
  targets: Uint8Array;
  numLabels: number;
  /**
   * Inverse L2 strength of each binary logistic regression, as scikit-learn's LogisticRegression C:
   * label ℓ minimises C·Σᵢ BCEᵢ + ½‖w_ℓ‖² (bias not penalised).
   */
  c?: number;
  maxIterations?: number;
  /** Warm start: cols×L kernel and L biases (say, the previous version's). */
  init?: { kernel: Float32Array; bias: Float32Array } | null;
};

export type SigmoidWeights = {
  /** Row-major cols×L: column ℓ is label ℓ's weights. */
  kernel: Float32Array;
  bias: Float32Array;
  /** L-BFGS iterations per label (0 for a label with one target value, fitted in closed form). */
  iterations: Int32Array;
  isConverged: boolean;
};

/**
 * Logistic C per label. Measured on the full-data split of both bench sets (bench/results/multilabel.json,
 * tuned thresholds): micro-F1 at C 4 / 8 / 16 was 0.419 / 0.401 / 0.382 on Debtags and 0.598 / 0.596 /
 * 0.596 on the fortune mixtures, macro-F1 the same order. (The softmax model's C = 8 is a logistic C of
 * 16 in this convention, see fitSoftmaxRegression's two-class case: per-label fits with rare positives
 * want more penalty.)
 */
export const DEFAULT_SIGMOID_C = 4;

/**
 * One-vs-rest logistic regression: one independent binary fit per label, each by the L-BFGS
 * fitter of the softmax model (fitSoftmaxRegression with two classes fits a logistic regression
 * on the difference of its two weight columns, with half the penalty; it is passed C/2 so that
 * C here is the logistic C). Reusing it keeps the sparse passes, column pruning and tolerances
 * measured for the single-label models. L labels cost L binary fits over the same rows.
 *
 * A label whose targets are all 0 (or all 1) has no boundary to learn: its weights are 0 and its
 * bias is the smoothed log-odds log((p + ½)/(n − p + ½)), so it predicts a small (large) probability
 * instead of a fit running off to ±∞.
 */
export function fitOneVsRestLogistic(options: FitOneVsRestOptions): SigmoidWeights {
  const { rows, targets, numLabels } = options;
  const c = options.c ?? DEFAULT_SIGMOID_C;
  const n = rows.rows;
  const cols = rows.cols;
  if (targets.length !== n * numLabels) throw new RangeError(`targets hold ${targets.length} values, ${n}×${numLabels} needs ${n * numLabels}`);
  if (n === 0) throw new RangeError('cannot fit on zero rows');
  if (options.init && (options.init.kernel.length !== cols * numLabels || options.init.bias.length !== numLabels)) {
    throw new RangeError(`the warm start does not match ${cols}×${numLabels}`);
  }
  const kernel = new Float32Array(cols * numLabels);
  const bias = new Float32Array(numLabels);
  const iterations = new Int32Array(numLabels);
  let isConverged = true;
  const y = new Int32Array(n);
  for (let label = 0; label < numLabels; label++) {
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y[i] = targets[i * numLabels + label]!;
    if (positives === 0 || positives === n) {
      bias[label] = Math.log((positives + 0.5) / (n - positives + 0.5));
      continue;
    }
    let init: { kernel: Float32Array; bias: Float32Array } | null = null;
    if (options.init) {
      // Split the logistic weights u into the two softmax columns (−u/2, u/2) the fitter expects.
      const twoColumns = new Float32Array(cols * 2);
      for (let j = 0; j < cols; j++) {
        const u = options.init.kernel[j * numLabels + label]!;
        twoColumns[j * 2] = -u / 2;
        twoColumns[j * 2 + 1] = u / 2;
      }
      const b = options.init.bias[label]!;
      init = { kernel: twoColumns, bias: Float32Array.from([-b / 2, b / 2]) };
    }
    const fitted = fitSoftmaxRegression({ rows, y, numClasses: 2, c: c / 2, maxIterations: options.maxIterations, init });
    for (let j = 0; j < cols; j++) kernel[j * numLabels + label] = fitted.kernel[j * 2 + 1]! - fitted.kernel[j * 2]!;
    bias[label] = fitted.bias[1]! - fitted.bias[0]!;
    iterations[label] = fitted.iterations;
    isConverged &&= fitted.isConverged;
  }
  return { kernel, bias, iterations, isConverged };
}

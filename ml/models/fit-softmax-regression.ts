import type { CsrRows } from '../csr-rows';
import { minimizeLbfgs } from '../optimize/minimize-lbfgs';

export type FitSoftmaxRegressionOptions = {
  rows: CsrRows;
  /** Class index per row. */
  y: Int32Array;
  numClasses: number;
  /**
   * Inverse L2 strength, as scikit-learn's C: the objective is C·Σ wᵢ·CEᵢ + ½‖W‖² (the
   * bias is not penalised). With C fixed the penalty weighs less as labels grow, which is
   * what the few-label rounds of active learning need.
   */
  c: number;
  /** Per-row weights (class balancing); default 1. */
  sampleWeights?: Float32Array | null;
  maxIterations?: number;
  /** Relative decrease of the objective in one iteration below which fitting stops. */
  relativeTolerance?: number;
  /** L-BFGS history pairs (each costs two passes over the parameters per iteration). */
  memory?: number;
  /** Warm start (e.g. the full-data solution for a cross-validation fold): cols×k kernel and k biases. */
  init?: { kernel: Float32Array; bias: Float32Array } | null;
  /**
   * Columns used by fewer training rows are left out (weight 0). Default 1 below
   * SINGLETON_PRUNING_ROWS labels, where a word seen once is evidence, and 2 from there on.
   */
  minColumnRows?: number;
  onIteration?(iteration: number, loss: number): void;
};

export type SoftmaxWeights = {
  /** Row-major cols×k, zero for columns no training row uses. */
  kernel: Float32Array;
  bias: Float32Array;
  iterations: number;
  /** Final objective divided by C·Σw: mean weighted cross-entropy plus the penalty. */
  loss: number;
  isConverged: boolean;
};

/**
 * Default C. Hashed TF-IDF rows are L2-normalised, so per-feature weights must be large
 * to matter and C = 1 (scikit-learn's default) under-fits: measured on two multi-class
 * text sets (bench/results/ml.json), C 4–16 beat C 1 by 3–6 points of accuracy.
 */
export const DEFAULT_SOFTMAX_C = 8;
/** Measured: held-out accuracy stops moving by ~60 iterations (bench/results/ml.json), the rest is decimals of the loss. */
export const DEFAULT_SOFTMAX_MAX_ITERATIONS = 60;
export const DEFAULT_RELATIVE_TOLERANCE = 1e-6;
export const DEFAULT_LBFGS_MEMORY = 5;
/**
 * From this many labels on, columns seen in one training row only are pruned: most hashed
 * bigrams are such singletons, and every parameter costs ~2·memory + 10 passes per L-BFGS
 * iteration, while a weight fitted to one row mostly memorises it.
 */
export const SINGLETON_PRUNING_ROWS = 2_000;
/** L-BFGS history pairs cost 2 × params doubles each: keep them to ~250 MB. */
const LBFGS_MEMORY_BYTES = 250 * 2 ** 20;

/**
 * Multinomial logistic regression fitted to convergence by L-BFGS directly on compressed
 * rows: no dense batch, no per-step tfjs overhead. Only the columns some training row
 * touches are parameters (the others' optimum is exactly 0 under the L2 penalty), so a
 * 2^18-wide hashed space costs what its used columns cost.
 */
export function fitSoftmaxRegression(options: FitSoftmaxRegressionOptions): SoftmaxWeights {
  const { rows, y, numClasses: k, c } = options;
  if (!(c > 0)) throw new RangeError(`C must be positive, got ${c}`);
  if (y.length !== rows.rows) throw new RangeError(`${y.length} labels for ${rows.rows} rows`);
  const n = rows.rows;
  // Compact the used columns.
  const minRows = options.minColumnRows ?? (n >= SINGLETON_PRUNING_ROWS ? 2 : 1);
  const columnRows = new Int32Array(rows.cols);
  for (let e = rows.offsets[0]!; e < rows.offsets[n]!; e++) columnRows[rows.columns[e]!]!++;
  // Parameters are only the used columns, numbered by descending frequency: the weights of
  // the common columns, which most non-zeros touch, then sit together in cache. In first-seen
  // order every non-zero was a cache miss into a 10 MB weight array, and that, not the
  // arithmetic, set the speed (measured 3–4× slower on e-mails).
  const usedColumns: number[] = [];
  for (let column = 0; column < rows.cols; column++) if (columnRows[column]! >= minRows) usedColumns.push(column);
  usedColumns.sort((a, b) => columnRows[b]! - columnRows[a]! || a - b);
  const compactOf = new Int32Array(rows.cols).fill(-1);
  usedColumns.forEach((column, compact) => (compactOf[column] = compact));
  // Entries of pruned columns map to -1 and are skipped.
  const compactColumns = new Int32Array(rows.offsets[n]!);
  for (let e = rows.offsets[0]!; e < rows.offsets[n]!; e++) compactColumns[e] = compactOf[rows.columns[e]!]!;
  const used = usedColumns.length;
  const weightCount = used * k;
  const weights = options.sampleWeights ?? null;
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += weights ? weights[i]! : 1;
  if (!(weightSum > 0)) throw new RangeError('the sample weights sum to zero');
  // Objective scaled by 1/(C·Σw): the same optimum, values of order 1 for the tolerances.
  const lambda = 1 / (c * weightSum);
  const { offsets, values } = rows;
  const z = new Float64Array(k);

  // The data passes read and scatter weights at random columns: they are bound by memory
  // latency, not arithmetic, so they work on float32 copies (half the bytes; measured 2.5×
  // faster than float64), while L-BFGS keeps its iterate in float64.
  const weights32 = new Float32Array(weightCount + k);
  const gradient32 = new Float32Array(weightCount + k);
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    weights32.set(theta);
    gradient32.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) z[j] = weights32[weightCount + j]!;
      const end = offsets[i + 1]!;
      for (let e = offsets[i]!; e < end; e++) {
        const column = compactColumns[e]!;
        if (column < 0) continue;
        const base = column * k;
        const v = values[e]!;
        for (let j = 0; j < k; j++) z[j] = z[j]! + v * weights32[base + j]!;
      }
      let max = z[0]!;
      for (let j = 1; j < k; j++) if (z[j]! > max) max = z[j]!;
      let sum = 0;
      for (let j = 0; j < k; j++) {
        z[j] = Math.exp(z[j]! - max);
        sum += z[j]!;
      }
      const label = y[i]!;
      const w = (weights ? weights[i]! : 1) / weightSum;
      // z now holds exp(zⱼ − max); CE = log Σ − (z_y − max).
      loss += w * (Math.log(sum) - Math.log(z[label]!));
      for (let j = 0; j < k; j++) z[j] = (w * z[j]!) / sum - (j === label ? w : 0);
      for (let e = offsets[i]!; e < end; e++) {
        const column = compactColumns[e]!;
        if (column < 0) continue;
        const base = column * k;
        const v = values[e]!;
        for (let j = 0; j < k; j++) gradient32[base + j] = gradient32[base + j]! + v * z[j]!;
      }
      for (let j = 0; j < k; j++) gradient32[weightCount + j] = gradient32[weightCount + j]! + z[j]!;
    }
    let penalty = 0;
    for (let p = 0; p < weightCount; p++) {
      penalty += theta[p]! * theta[p]!;
      gradient[p] = gradient32[p]! + lambda * theta[p]!;
    }
    for (let j = 0; j < k; j++) gradient[weightCount + j] = gradient32[weightCount + j]!;
    return loss + 0.5 * lambda * penalty;
  };

  const theta0 = new Float64Array(weightCount + k);
  if (options.init) {
    for (let u = 0; u < used; u++) for (let j = 0; j < k; j++) theta0[u * k + j] = options.init.kernel[usedColumns[u]! * k + j]!;
    for (let j = 0; j < k; j++) theta0[weightCount + j] = options.init.bias[j]!;
  }
  const memory = Math.max(3, Math.min(options.memory ?? DEFAULT_LBFGS_MEMORY, Math.floor(LBFGS_MEMORY_BYTES / (16 * theta0.length))));
  const result = minimizeLbfgs(objective, theta0, {
    maxIterations: options.maxIterations ?? DEFAULT_SOFTMAX_MAX_ITERATIONS,
    gradientTolerance: 1e-5,
    relativeTolerance: options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE,
    memory,
    onIteration: options.onIteration,
  });
  const kernel = new Float32Array(rows.cols * k);
  for (let u = 0; u < used; u++) for (let j = 0; j < k; j++) kernel[usedColumns[u]! * k + j] = result.x[u * k + j]!;
  const bias = Float32Array.from(result.x.subarray(weightCount));
  return { kernel, bias, iterations: result.iterations, loss: result.value, isConverged: result.isConverged };
}

import type { CsrRows } from '../csr-rows';
import { minimizeLbfgs, type Objective } from '../optimize/minimize-lbfgs';
import { getSoftmaxLossPass } from './softmax-loss-pass';

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
  /** Largest gradient entry (objective scaled to mean loss) below which fitting stops. */
  gradientTolerance?: number;
  /** L-BFGS history pairs (each costs two passes over the parameters per iteration). */
  memory?: number;
  /** Warm start (e.g. the full-data solution for a cross-validation fold): cols×k kernel and k biases. */
  init?: { kernel: Float32Array; bias: Float32Array } | null;
  /**
   * Columns used by fewer training rows are left out (weight 0). Default 1 below
   * SINGLETON_PRUNING_ROWS labels (a handful of texts share few n-grams), and 2 from there on.
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
/**
 * scikit-learn's default `tol` for lbfgs, on the same mean-loss scale. Measured on the fortune
 * topics (200, 500 and 4,944 labels): the same held-out accuracy as 1e-5 (±0.3 points) with
 * 10–45% fewer iterations.
 */
export const DEFAULT_GRADIENT_TOLERANCE = 1e-4;
export const DEFAULT_LBFGS_MEMORY = 5;
/**
 * From this many labels on, columns seen in one training row only are pruned: most hashed
 * character n-grams and bigrams are such singletons, every parameter costs ~2·memory + 10
 * passes per L-BFGS iteration, and a weight fitted to one row mostly memorises it. Measured
 * with the simulator (2 seeds, batches of 50, random and margin): pruning from the first batch
 * on instead of from 2,000 labels raised accuracy at 100/200/500 labels on both multi-class
 * sets (fortune topics margin 0.416/0.473/0.544 → 0.420/0.492/0.564; SpamAssassin sources
 * margin AULC 0.705 → 0.711, random 0.666 → 0.685) and ran 8–17% faster. Below one batch the
 * texts share too few n-grams to leave out the rest: not measured, so kept.
 */
export const SINGLETON_PRUNING_ROWS = 50;
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
  if (options.init && (options.init.kernel.length !== rows.cols * k || options.init.bias.length !== k)) {
    throw new RangeError(`the warm start holds ${options.init.kernel.length} weights and ${options.init.bias.length} biases, the model ${rows.cols}×${k} and ${k}`);
  }
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
  // The rows re-indexed once to the compact columns, pruned entries dropped: the objective
  // runs some 120 passes over them, so nothing it could skip is left for it to test.
  const data = compactRows(rows, compactOf);
  const used = usedColumns.length;
  const weights = options.sampleWeights ?? null;
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += weights ? weights[i]! : 1;
  if (!(weightSum > 0)) throw new RangeError('the sample weights sum to zero');
  // Objective scaled by 1/(C·Σw): the same optimum, values of order 1 for the tolerances.
  const lambda = 1 / (c * weightSum);
  const rowWeights = Float64Array.from({ length: n }, (_, i) => (weights ? weights[i]! : 1) / weightSum);
  if (k === 2) return fitBinary(data, y, used, usedColumns, rows.cols, lambda, rowWeights, options);
  const weightCount = used * k;
  const lossPass = getSoftmaxLossPass(k);

  // The data passes read and scatter weights at random columns: they are bound by memory
  // latency, not arithmetic, so they work on float32 copies (half the bytes; measured 2.5×
  // faster than float64), while L-BFGS keeps its iterate in float64. Row-major (a column's k
  // weights side by side): one cache line serves all classes of a non-zero, where class-major
  // layout measured slower on seven classes.
  const weights32 = new Float32Array(weightCount + k);
  const gradient32 = new Float32Array(weightCount + k);
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    weights32.set(theta);
    const loss = lossPass(data, y, rowWeights, weights32, gradient32);
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
  const result = minimize(objective, theta0, options);
  const kernel = new Float32Array(rows.cols * k);
  for (let u = 0; u < used; u++) for (let j = 0; j < k; j++) kernel[usedColumns[u]! * k + j] = result.x[u * k + j]!;
  const bias = Float32Array.from(result.x.subarray(weightCount));
  return { kernel, bias, iterations: result.iterations, loss: result.value, isConverged: result.isConverged };
}

function minimize(objective: Objective, theta0: Float64Array, options: FitSoftmaxRegressionOptions) {
  const memory = Math.max(3, Math.min(options.memory ?? DEFAULT_LBFGS_MEMORY, Math.floor(LBFGS_MEMORY_BYTES / (16 * theta0.length))));
  return minimizeLbfgs(objective, theta0, {
    maxIterations: options.maxIterations ?? DEFAULT_SOFTMAX_MAX_ITERATIONS,
    gradientTolerance: options.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE,
    relativeTolerance: options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE,
    memory,
    onIteration: options.onIteration,
  });
}

type CompactRows = { offsets: Int32Array; columns: Int32Array; values: Float32Array };

function compactRows(rows: CsrRows, compactOf: Int32Array): CompactRows {
  const n = rows.rows;
  const offsets = new Int32Array(n + 1);
  const columns = new Int32Array(rows.offsets[n]! - rows.offsets[0]!);
  const values = new Float32Array(columns.length);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rows.offsets[i]!; e < rows.offsets[i + 1]!; e++) {
      const column = compactOf[rows.columns[e]!]!;
      if (column < 0) continue;
      columns[at] = column;
      values[at++] = rows.values[e]!;
    }
    offsets[i + 1] = at;
  }
  return { offsets, columns: columns.subarray(0, at), values: values.subarray(0, at) };
}

/**
 * Two classes: softmax's two weight columns only matter through their difference u = w₁ − w₀,
 * and for a given u the penalty ½(‖w₀‖² + ‖w₁‖²) is least at w₁ = −w₀ = u/2, where it is
 * ¼‖u‖². So the same optimum is a logistic regression on u with half the penalty, fitted
 * with half the parameters and half the memory traffic, and split back into two columns.
 */
function fitBinary(data: CompactRows, y: Int32Array, used: number, usedColumns: readonly number[], cols: number, lambda: number, rowWeights: Float64Array, options: FitSoftmaxRegressionOptions): SoftmaxWeights {
  const { offsets, columns, values } = data;
  const n = y.length;
  const halfLambda = lambda / 2;
  const weights32 = new Float32Array(used);
  const gradient32 = new Float32Array(used);
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    weights32.set(theta.subarray(0, used));
    gradient32.fill(0);
    const bias = theta[used]!;
    let loss = 0;
    let biasGradient = 0;
    for (let i = 0; i < n; i++) {
      let d = bias;
      const end = offsets[i + 1]!;
      for (let e = offsets[i]!; e < end; e++) d += values[e]! * weights32[columns[e]!]!;
      // CE of the true class: softplus(−d) for class 1, softplus(d) for class 0, computed stably.
      const signed = y[i] === 1 ? -d : d;
      loss += rowWeights[i]! * (signed > 0 ? signed + Math.log1p(Math.exp(-signed)) : Math.log1p(Math.exp(signed)));
      const g = rowWeights[i]! * (1 / (1 + Math.exp(-d)) - y[i]!);
      biasGradient += g;
      for (let e = offsets[i]!; e < end; e++) gradient32[columns[e]!] = gradient32[columns[e]!]! + values[e]! * g;
    }
    let penalty = 0;
    for (let p = 0; p < used; p++) {
      penalty += theta[p]! * theta[p]!;
      gradient[p] = gradient32[p]! + halfLambda * theta[p]!;
    }
    gradient[used] = biasGradient;
    return loss + 0.5 * halfLambda * penalty;
  };
  const theta0 = new Float64Array(used + 1);
  if (options.init) {
    const { kernel, bias } = options.init;
    for (let u = 0; u < used; u++) theta0[u] = kernel[usedColumns[u]! * 2 + 1]! - kernel[usedColumns[u]! * 2]!;
    theta0[used] = bias[1]! - bias[0]!;
  }
  const result = minimize(objective, theta0, options);
  const kernel = new Float32Array(cols * 2);
  for (let u = 0; u < used; u++) {
    kernel[usedColumns[u]! * 2] = -result.x[u]! / 2;
    kernel[usedColumns[u]! * 2 + 1] = result.x[u]! / 2;
  }
  const bias = Float32Array.from([-result.x[used]! / 2, result.x[used]! / 2]);
  return { kernel, bias, iterations: result.iterations, loss: result.value, isConverged: result.isConverged };
}

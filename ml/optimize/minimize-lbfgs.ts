/**
 * Limited-memory BFGS (Nocedal & Wright 2006, algorithm 7.4) with a backtracking Armijo
 * line search, for smooth convex objectives such as L2-regularised logistic regression.
 * Plain typed arrays: the objective evaluates its own gradient over sparse data, and
 * one iteration is one or two passes over the data, where SGD needs many epochs.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export type MinimizeLbfgsOptions = {
  maxIterations?: number;
  /** Stop when max |gradient| ≤ this × max(1, |f|). */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f in one iteration is below this. */
  relativeTolerance?: number;
  /** Pairs (s, y) kept; lower it when x is huge. */
  memory?: number;
  onIteration?(iteration: number, value: number): void;
};

export type MinimizeResult = { x: Float64Array; value: number; iterations: number; evaluations: number; isConverged: boolean };

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;

export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: MinimizeLbfgsOptions = {}): MinimizeResult {
  const maxIterations = options.maxIterations ?? 200;
  const gradientTolerance = options.gradientTolerance ?? 1e-5;
  const relativeTolerance = options.relativeTolerance ?? 1e-7;
  const m = Math.max(1, options.memory ?? 10);
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = objective(x, g);
  let evaluations = 1;
  // History in float32: these are the loops that stream the most memory, and the two-loop
  // recursion only needs curvature estimates, not full precision.
  const s: Float32Array[] = [];
  const y: Float32Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(n);
  let xNext = new Float64Array(n);
  let gNext = new Float64Array(n);
  const alpha = new Float64Array(m);
  let iterations = 0;
  let isConverged = maxAbs(g) <= gradientTolerance * Math.max(1, Math.abs(value));

  while (!isConverged && iterations < maxIterations) {
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    if (s.length > 0) {
      // First loop, fused: each pass applies pair k and takes the dot product pair k − 1 needs next.
      let next = rho[s.length - 1]! * dotHistory(s[s.length - 1]!, direction);
      for (let k = s.length - 1; k >= 0; k--) {
        alpha[k] = next;
        const yk = y[k]!;
        const a = -alpha[k]!;
        if (k === 0) {
          axpyHistory(a, yk, direction);
        } else {
          const sPrevious = s[k - 1]!;
          let sum = 0;
          for (let i = 0; i < n; i++) {
            const value = direction[i]! + a * yk[i]!;
            direction[i] = value;
            sum += sPrevious[i]! * value;
          }
          next = rho[k - 1]! * sum;
        }
      }
    }
    if (s.length > 0) {
      const last = s.length - 1;
      scale(direction, dotPair(s[last]!, y[last]!) / dotPair(y[last]!, y[last]!));
    }
    // Second loop, fused the same way: each pass applies pair k and takes the dot product pair k + 1 needs.
    if (s.length > 0) {
      let beta = rho[0]! * dotHistory(y[0]!, direction);
      for (let k = 0; k < s.length; k++) {
        const a = alpha[k]! - beta;
        const sk = s[k]!;
        if (k === s.length - 1) {
          axpyHistory(a, sk, direction);
        } else {
          const yNext = y[k + 1]!;
          let sum = 0;
          for (let i = 0; i < n; i++) {
            const value = direction[i]! + a * sk[i]!;
            direction[i] = value;
            sum += yNext[i]! * value;
          }
          beta = rho[k + 1]! * sum;
        }
      }
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
      slope = dot(g, direction);
    }
    let step = s.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let nextValue = Number.NaN;
    let backtracks = 0;
    for (;;) {
      for (let i = 0; i < n; i++) xNext[i] = x[i]! + step * direction[i]!;
      nextValue = objective(xNext, gNext);
      evaluations++;
      if (nextValue <= value + ARMIJO * step * slope || ++backtracks > MAX_BACKTRACKS) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break;
    const sNew = s.length === m ? s.shift()! : new Float32Array(n);
    const yNew = y.length === m ? y.shift()! : new Float32Array(n);
    if (rho.length === m) rho.shift();
    let curvature = 0;
    for (let i = 0; i < n; i++) {
      const sValue = xNext[i]! - x[i]!;
      const yValue = gNext[i]! - g[i]!;
      sNew[i] = sValue;
      yNew[i] = yValue;
      curvature += sValue * yValue;
    }
    // Skip a pair that would make the inverse Hessian estimate indefinite.
    if (curvature > 1e-12) {
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / curvature);
    }
    const decrease = (value - nextValue) / Math.max(Math.abs(value), Math.abs(nextValue), 1e-12);
    // The accepted point becomes current by swapping buffers, not copying them.
    [x, xNext] = [xNext, x];
    [g, gNext] = [gNext, g];
    value = nextValue;
    iterations++;
    options.onIteration?.(iterations, value);
    isConverged = maxAbs(g) <= gradientTolerance * Math.max(1, Math.abs(value)) || decrease < relativeTolerance;
  }
  return { x, value, iterations, evaluations, isConverged };
}

// One signature per helper: mixing float32 and float64 arguments in one function makes its
// element loads polymorphic, which measured slower than the float32 saving.
function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function dotHistory(a: Float32Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function dotPair(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpyHistory(a: number, x: Float32Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * a;
}

function maxAbs(x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > max) max = v;
  }
  return max;
}

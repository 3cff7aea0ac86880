/**
 * Temperature scaling (Guo et al. 2017): one scalar T divides the logits, fitted by
 * negative log-likelihood on held-out predictions. Logits are recovered as log p (softmax
 * is shift-invariant, so log p differs from the logits by a per-row constant). T > 1
 * softens over-confident probabilities; the predicted class never changes.
 */

const MIN_INVERSE_TEMPERATURE = 0.02;
const MAX_INVERSE_TEMPERATURE = 20;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const PROBABILITY_FLOOR = 1e-12;

/** Mean NLL of the labels under softmax(β · log p). */
export function computeScaledNll(probs: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number, inverseTemperature: number): number {
  let nll = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = i * numClasses;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, inverseTemperature * Math.log(Math.max(probs[row + c]!, PROBABILITY_FLOOR)));
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += Math.exp(inverseTemperature * Math.log(Math.max(probs[row + c]!, PROBABILITY_FLOOR)) - max);
    nll += Math.log(sum) + max - inverseTemperature * Math.log(Math.max(probs[row + labels[i]!]!, PROBABILITY_FLOOR));
  }
  return labels.length > 0 ? nll / labels.length : 0;
}

/**
 * The temperature minimising NLL on (probs, labels): golden-section search over β = 1/T,
 * where the NLL is convex (a log-sum-exp of functions linear in β). 1 with no data.
 */
export function fitTemperature(probs: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number {
  if (labels.length === 0) return 1;
  if (probs.length < labels.length * numClasses) throw new RangeError('probs do not cover the labels');
  let lo = Math.log(MIN_INVERSE_TEMPERATURE);
  let hi = Math.log(MAX_INVERSE_TEMPERATURE);
  const f = (logBeta: number) => computeScaledNll(probs, labels, numClasses, Math.exp(logBeta));
  let a = hi - GOLDEN * (hi - lo);
  let b = lo + GOLDEN * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 80 && hi - lo > 1e-7; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - GOLDEN * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + GOLDEN * (hi - lo);
      fb = f(b);
    }
  }
  return 1 / Math.exp((lo + hi) / 2);
}

/** softmax(log p / T), row by row (n×k in, n×k out). */
export function applyTemperature(probs: Float32Array, numClasses: number, temperature: number): Float32Array {
  const out = new Float32Array(probs.length);
  const beta = 1 / temperature;
  for (let row = 0; row < probs.length; row += numClasses) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, beta * Math.log(Math.max(probs[row + c]!, PROBABILITY_FLOOR)));
    let sum = 0;
    for (let c = 0; c < numClasses; c++) {
      const e = Math.exp(beta * Math.log(Math.max(probs[row + c]!, PROBABILITY_FLOOR)) - max);
      out[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < numClasses; c++) out[row + c] = out[row + c]! / sum;
  }
  return out;
}

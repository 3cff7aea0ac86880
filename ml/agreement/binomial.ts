import type { Rng } from '@/ml/random';

/**
 * Binomial(n, p) variates: inversion when the mean of the smaller tail is at most 30, otherwise
 * Kachitvichyanukul & Schmeiser's BTPE rejection sampler (Communications of the ACM 31, 1988), the
 * pair NumPy uses. Exact, not a normal approximation, so a bootstrap built on it has the
 * distribution of resampling items one by one.
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  // Sample the rarer outcome and mirror: both algorithms want p ≤ 0.5.
  const isMirrored = p > 0.5;
  const r = isMirrored ? 1 - p : p;
  const draw = n * r <= 30 ? sampleByInversion(rng, n, r) : sampleByBtpe(rng, n, r);
  return isMirrored ? n - draw : draw;
}

/**
 * Multinomial counts for `total` draws over categories weighted by `weights` (non-negative, not
 * necessarily normalised), as a chain of conditional binomials: O(categories), whatever `total` is.
 * Writes into `counts` and returns it.
 */
export function sampleMultinomial(rng: Rng, total: number, weights: ArrayLike<number>, counts: Float64Array): Float64Array {
  if (counts.length !== weights.length) throw new RangeError(`expected ${weights.length} count slots, got ${counts.length}`);
  let remainingWeight = 0;
  for (let j = 0; j < weights.length; j++) {
    const weight = weights[j]!;
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`multinomial weight ${j} must be a finite non-negative number`);
    remainingWeight += weight;
  }
  let remaining = total;
  for (let j = 0; j < weights.length; j++) {
    const weight = weights[j]!;
    if (remaining === 0 || weight === 0) {
      counts[j] = 0;
    } else if (weight >= remainingWeight) {
      // The last category with weight takes the rest; also guards against rounding in remainingWeight.
      counts[j] = remaining;
    } else {
      counts[j] = sampleBinomial(rng, remaining, weight / remainingWeight);
    }
    remaining -= counts[j]!;
    remainingWeight -= weight;
  }
  return counts;
}

/** Walks the cumulative distribution from 0; restarts in the (astronomically rare) event of running past a safe bound. */
function sampleByInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const probabilityOfZero = Math.exp(n * Math.log(q));
  const mean = n * p;
  const bound = Math.min(n, mean + 10 * Math.sqrt(mean * q + 1));
  for (;;) {
    let x = 0;
    let probability = probabilityOfZero;
    let u = rng.next();
    while (u > probability) {
      x++;
      if (x > bound) break;
      u -= probability;
      probability = ((n - x + 1) * p * probability) / (x * q);
    }
    if (x <= bound) return x;
  }
}

/**
 * BTPE, for n·p > 30 and p ≤ 0.5: a triangle over the centre, parallelograms beside it and
 * exponential tails, with a squeeze before the exact (Stirling-corrected) acceptance test.
 */
function sampleByBtpe(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const fm = n * p + p;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * p * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * p);
  const lambdaLeft = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lambdaRight = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / lambdaLeft;
  const p4 = p3 + c / lambdaRight;
  const nrq = n * p * q;

  for (;;) {
    const u = rng.next() * p4;
    let v = rng.next();
    let y: number;
    if (u <= p1) {
      // Inside the triangle: accept at once.
      return Math.floor(xm - p1 * v + u);
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / lambdaLeft);
      if (y < 0) continue;
      v = v * (u - p2) * lambdaLeft;
    } else {
      y = Math.floor(xr - Math.log(v) / lambdaRight);
      if (y > n) continue;
      v = v * (u - p3) * lambdaRight;
    }

    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // Near the mode: the ratio f(y)/f(m) by recursion is exact and cheap.
      const s = p / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      else if (m > y) for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      if (v <= f) return y;
      continue;
    }

    // Far from the mode: squeeze on log v, then the exact test with Stirling's series.
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * p) / (x1 * q)) +
      stirlingCorrection(f1) +
      stirlingCorrection(z) +
      stirlingCorrection(x1) +
      stirlingCorrection(w);
    if (logV <= bound) return y;
  }
}

function stirlingCorrection(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

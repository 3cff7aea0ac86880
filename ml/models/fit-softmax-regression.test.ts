import { describe, expect, it } from 'vitest';
import type { CsrRows } from '../csr-rows';
import { fitSoftmaxRegression } from './fit-softmax-regression';

function toCsr(dense: number[][], cols: number): CsrRows {
  const offsets = [0];
  const columns: number[] = [];
  const values: number[] = [];
  for (const row of dense) {
    row.forEach((v, j) => {
      if (v !== 0) {
        columns.push(j);
        values.push(v);
      }
    });
    offsets.push(columns.length);
  }
  return { rows: dense.length, cols, offsets: Int32Array.from(offsets), columns: Int32Array.from(columns), values: Float32Array.from(values) };
}

describe('fitSoftmaxRegression', () => {
  it('reaches the stationary point of C·Σ CE + ½‖W‖² (gradient zero by hand)', () => {
    // Three rows with the same single feature, two of class 0 and one of class 1.
    const rows = toCsr([[1], [1], [1]], 1);
    const y = Int32Array.from([0, 0, 1]);
    const c = 2;
    const fit = fitSoftmaxRegression({ rows, y, numClasses: 2, c, minColumnRows: 1, gradientTolerance: 1e-7 });
    // Logit gap d = (w0 − w1)·1 + (b0 − b1). Unpenalised bias: p0 = 2/3 at the optimum, so
    // d = ln 2, and the kernel gradient C·Σ(p − onehot)·x + w = w (the bias already zeroes the sum) → w = 0.
    const gap = fit.kernel[0]! - fit.kernel[1]! + fit.bias[0]! - fit.bias[1]!;
    expect(gap).toBeCloseTo(Math.log(2), 4);
    expect(fit.kernel[0]).toBeCloseTo(0, 3);
    expect(fit.kernel[1]).toBeCloseTo(0, 3);
    expect(fit.isConverged).toBe(true);
  });

  it('separates two classes and keeps unused columns at zero', () => {
    const rows = toCsr([[1, 0, 0, 0], [0.8, 0, 0, 0], [0, 1, 0, 0], [0, 0.9, 0, 0]], 4);
    const fit = fitSoftmaxRegression({ rows, y: Int32Array.from([0, 0, 1, 1]), numClasses: 2, c: 10 });
    expect(fit.kernel[0]! - fit.kernel[1]!).toBeGreaterThan(1);
    expect(fit.kernel[3]! - fit.kernel[2]!).toBeGreaterThan(1);
    expect(Array.from(fit.kernel.subarray(4))).toEqual([0, 0, 0, 0]);
  });

  it('matches the hand-derived optimum of a penalised one-feature problem', () => {
    // Rows x = +1 (class 1) and x = −1 (class 0): by symmetry the bias gap is 0 and
    // w0 = −w1, a = w1 − w0 = 2·w1. Each row contributes (1 − σ(a)) to −∂CE/∂w1, so
    // stationarity is −C·2·(1 − σ(a)) + a/2 = 0; its root by bisection.
    const c = 1.5;
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 100; i++) {
      const a = (lo + hi) / 2;
      const grad = -c * 2 * (1 - 1 / (1 + Math.exp(-a))) + a / 2;
      if (grad > 0) hi = a;
      else lo = a;
    }
    const rows = toCsr([[1], [-1]], 1);
    const fit = fitSoftmaxRegression({ rows, y: Int32Array.from([1, 0]), numClasses: 2, c });
    expect(fit.kernel[1]! - fit.kernel[0]!).toBeCloseTo(lo, 3);
    expect(fit.bias[1]! - fit.bias[0]!).toBeCloseTo(0, 4);
  });
});

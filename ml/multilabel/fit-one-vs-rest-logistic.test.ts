import { describe, expect, it } from 'vitest';
import { fitOneVsRestLogistic } from './fit-one-vs-rest-logistic';
import { generateMultilabelRows } from './multilabel-fixture';

describe('fitOneVsRestLogistic', () => {
  // 40 rows: below the singleton-pruning size, so every used column is a parameter.
  const { rows, targets } = generateMultilabelRows({ n: 40, rates: [0.4, 0.25, 0], seed: 7 });

  it('reaches the optimum of C·Σ BCE + ½‖w‖² for each label (scikit-learn’s C)', () => {
    // At the optimum, ∂/∂w = C·Σᵢ (σ(zᵢ) − yᵢ)·xᵢ + w = 0 and ∂/∂b = C·Σᵢ (σ(zᵢ) − yᵢ) = 0.
    // Fitting with the softmax convention (C·CE + ½(‖w₀‖² + ‖w₁‖²)) instead would leave ∂/∂w = w/2 ≠ 0.
    const c = 4;
    const fitted = fitOneVsRestLogistic({ rows, targets, numLabels: 3, c, maxIterations: 500 });
    for (const label of [0, 1]) {
      const gradient = new Float64Array(rows.cols);
      let biasGradient = 0;
      for (let i = 0; i < rows.rows; i++) {
        let z = fitted.bias[label]!;
        for (let e = rows.offsets[i]!; e < rows.offsets[i + 1]!; e++) z += rows.values[e]! * fitted.kernel[rows.columns[e]! * 3 + label]!;
        const residual = c * (1 / (1 + Math.exp(-z)) - targets[i * 3 + label]!);
        biasGradient += residual;
        for (let e = rows.offsets[i]!; e < rows.offsets[i + 1]!; e++) gradient[rows.columns[e]!]! += residual * rows.values[e]!;
      }
      let largest = Math.abs(biasGradient);
      for (let j = 0; j < rows.cols; j++) largest = Math.max(largest, Math.abs(gradient[j]! + fitted.kernel[j * 3 + label]!));
      expect(largest).toBeLessThan(0.02);
      expect(fitted.iterations[label]).toBeGreaterThan(0);
    }
  });

  it('gives a label that never occurs zero weights and the smoothed log-odds log(0.5 / 40.5)', () => {
    const fitted = fitOneVsRestLogistic({ rows, targets, numLabels: 3 });
    expect(fitted.bias[2]).toBeCloseTo(Math.log(0.5 / 40.5), 6);
    for (let j = 0; j < rows.cols; j++) expect(fitted.kernel[j * 3 + 2]).toBe(0);
    expect(fitted.iterations[2]).toBe(0);
  });

  it('starts from a warm start and lands on the same optimum', () => {
    const cold = fitOneVsRestLogistic({ rows, targets, numLabels: 3, maxIterations: 500 });
    const warm = fitOneVsRestLogistic({ rows, targets, numLabels: 3, maxIterations: 500, init: { kernel: cold.kernel, bias: cold.bias } });
    for (let p = 0; p < cold.kernel.length; p++) expect(warm.kernel[p]).toBeCloseTo(cold.kernel[p]!, 2);
    expect(warm.iterations[0]!).toBeLessThan(cold.iterations[0]!);
  });
});

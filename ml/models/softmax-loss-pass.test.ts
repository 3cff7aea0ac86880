import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { getSoftmaxLossPass, loopSoftmaxLossPass, MAX_COMPILED_CLASSES } from './softmax-loss-pass';

function randomProblem(k: number, seed: number) {
  const rng = createRng(seed);
  const n = 40;
  const cols = 25;
  const offsets = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const column of rng.sample(Array.from({ length: cols }, (_, c) => c), 1 + rng.int(6))) {
      columns.push(column);
      values.push(rng.next() - 0.3);
    }
    offsets[i + 1] = columns.length;
  }
  const rows = { offsets, columns: Int32Array.from(columns), values: Float32Array.from(values) };
  const y = Int32Array.from({ length: n }, () => rng.int(k));
  const rowWeights = Float64Array.from({ length: n }, () => 0.5 + rng.next());
  const weights = Float32Array.from({ length: cols * k + k }, () => rng.next() * 2 - 1);
  return { rows, y, rowWeights, weights };
}

describe('softmax loss pass', () => {
  it.each([2, 3, 7, MAX_COMPILED_CLASSES])('the compiled pass for %i classes gives the loop’s loss and gradient to the bit', (k) => {
    const { rows, y, rowWeights, weights } = randomProblem(k, k);
    const compiled = new Float32Array(weights.length);
    const looped = new Float32Array(weights.length).fill(9);
    const loss = getSoftmaxLossPass(k)(rows, y, rowWeights, weights, compiled);
    expect(loss).toBe(loopSoftmaxLossPass(k)(rows, y, rowWeights, weights, looped));
    expect(compiled).toEqual(looped);
  });

  it('computes the gradient of the weighted cross-entropy (central differences), above the compiled limit too', () => {
    for (const k of [4, MAX_COMPILED_CLASSES + 3]) {
      const { rows, y, rowWeights, weights } = randomProblem(k, 100 + k);
      const pass = getSoftmaxLossPass(k);
      const gradient = new Float32Array(weights.length);
      pass(rows, y, rowWeights, weights, gradient);
      const scratch = new Float32Array(weights.length);
      for (const p of [0, 5, k + 1, weights.length - 1]) {
        const h = 1e-2;
        const plus = Float32Array.from(weights);
        plus[p] = plus[p]! + h;
        const minus = Float32Array.from(weights);
        minus[p] = minus[p]! - h;
        const numeric = (pass(rows, y, rowWeights, plus, scratch) - pass(rows, y, rowWeights, minus, scratch)) / (plus[p]! - minus[p]!);
        expect(gradient[p]).toBeCloseTo(numeric, 3);
      }
    }
  });

  it('refuses fewer than two classes', () => {
    expect(() => getSoftmaxLossPass(1)).toThrow(/two classes/);
  });
});

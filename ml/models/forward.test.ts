import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { applyClassifier, applyClassifierForTraining } from './forward';
import { compressRows, gatherCsrRows } from '../csr-rows';
import { computeInputGradient, computeKernelGradient, computeKernelGradientCsr, multiplyCsrDense } from './host-gradients';
import { buildMlpModel } from './mlp';
import { buildSoftmaxModel } from './softmax';

beforeAll(async () => {
  await initBackend();
});

function computeLoss(probs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.log(probs)), 1))) as tf.Scalar;
}

/** Sparse-ish inputs like hashed text: most entries zero. */
function makeInputs(rows: number, dim: number): Float32Array {
  return Float32Array.from({ length: rows * dim }, (_, i) => (i % 7 === 0 || i % 11 === 0 ? Math.sin(i) : 0));
}

describe('host gradients', () => {
  it('match xᵀ·dy and dy·Wᵀ worked by hand', () => {
    // x = [[1, 0], [2, 3]], dy = [[1, -1, 0], [0, 2, 1]]
    // xᵀ·dy = [[1·1 + 2·0, 1·-1 + 2·2, 1·0 + 2·1], [0 + 3·0, 0 + 3·2, 0 + 3·1]] = [[1, 3, 2], [0, 6, 3]]
    expect(Array.from(computeKernelGradient([1, 0, 2, 3], [1, -1, 0, 0, 2, 1], 2, 2, 3))).toEqual([1, 3, 2, 0, 6, 3]);
    // W (2×3) = [[1, 2, 3], [4, 5, 6]]; dy·Wᵀ = [[1 - 2, 4 - 5], [4 + 3, 10 + 6]] = [[-1, -1], [7, 16]]
    expect(Array.from(computeInputGradient([1, -1, 0, 0, 2, 1], [1, 2, 3, 4, 5, 6], 2, 2, 3))).toEqual([-1, -1, 7, 16]);
  });

  it('match the same products worked by hand on compressed rows', () => {
    // x = [[1, 0], [2, 3]] compressed: row 0 → (0: 1), row 1 → (0: 2), (1: 3)
    const x = compressRows(Float32Array.from([1, 0, 2, 3]), 2, 2);
    expect(Array.from(x.offsets)).toEqual([0, 1, 3]);
    expect(Array.from(x.columns.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(Array.from(computeKernelGradientCsr(x, [1, -1, 0, 0, 2, 1], 3))).toEqual([1, 3, 2, 0, 6, 3]);
    // Two outputs take the unrolled path: xᵀ·[[1, -1], [0, 2]] = [[1, 3], [0, 6]]
    expect(Array.from(computeKernelGradientCsr(x, [1, -1, 0, 2], 2))).toEqual([1, 3, 0, 6]);
    // x·W with W = [[1, 2], [3, 4]]: [[1, 2], [2 + 9, 4 + 12]] = [[1, 2], [11, 16]]
    expect(Array.from(multiplyCsrDense(x, [1, 2, 3, 4], 2))).toEqual([1, 2, 11, 16]);
    expect(Array.from(multiplyCsrDense(x, [1, 2, 3, 4, 5, 6], 3))).toEqual([1, 2, 3, 14, 19, 24]);
    // Gathering row 1 then row 0 reorders the rows.
    const gathered = gatherCsrRows(x, [1, 0], 2);
    expect(Array.from(computeKernelGradientCsr(gathered, [0, 2, 1, -1], 2))).toEqual([1, 3, 0, 6]);
  });

  it.each([
    ['softmax', () => buildSoftmaxModel({ inputDim: 24, numClasses: 3, l2: 0, seed: 1 })],
    ['mlp', () => buildMlpModel({ inputDim: 24, numClasses: 3, hidden: [8, 5], dropout: 0, l2: 0, seed: 1 })],
  ])('give the same %s weight gradients as tfjs autodiff', (_, build) => {
    const model = build();
    const hostX = makeInputs(6, 24);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const [expected, actual, fromCompressed] = tf.tidy(() => {
      const x = tf.tensor2d(hostX, [6, 24]);
      const targets = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3) as tf.Tensor2D;
      const reference = tf.variableGrads(() => computeLoss(applyClassifier(model, x), targets), variables).grads;
      const ours = tf.variableGrads(() => computeLoss(applyClassifierForTraining(model, x, hostX, () => 0), targets), variables).grads;
      // Compressed rows and no input tensor: the softmax layer runs on the host, the MLP densifies.
      const compressed = compressRows(hostX, 6, 24);
      const sparse = tf.variableGrads(() => computeLoss(applyClassifierForTraining(model, null, compressed, () => 0), targets), variables).grads;
      const read = (grads: Record<string, tf.Tensor>) => variables.map((v) => Array.from(grads[v.name]!.dataSync()));
      return [read(reference), read(ours), read(sparse)];
    });
    expected.forEach((grad, i) => grad.forEach((g, j) => expect(actual[i]![j]).toBeCloseTo(g, 6)));
    expected.forEach((grad, i) => grad.forEach((g, j) => expect(fromCompressed[i]![j]).toBeCloseTo(g, 6)));
    model.dispose();
  });
});

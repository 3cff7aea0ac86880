import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { buildSoftmaxModel } from './softmax';

beforeAll(async () => {
  await initBackend();
});

describe('buildSoftmaxModel', () => {
  it('maps n×dim inputs to rows of probabilities', () => {
    const model = buildSoftmaxModel({ inputDim: 16, numClasses: 3, l2: 1e-4, seed: 1 });
    const probs = tf.tidy(() => (model.predict(tf.randomUniform([5, 16], 0, 1, 'float32', 3)) as tf.Tensor2D).arraySync());
    expect(probs).toHaveLength(5);
    for (const row of probs) {
      expect(row).toHaveLength(3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Dense']);
    model.dispose();
  });

  it('initialises identically for the same seed', () => {
    const a = buildSoftmaxModel({ inputDim: 8, numClasses: 2, l2: 0, seed: 7 });
    const b = buildSoftmaxModel({ inputDim: 8, numClasses: 2, l2: 0, seed: 7 });
    const c = buildSoftmaxModel({ inputDim: 8, numClasses: 2, l2: 0, seed: 8 });
    const kernel = (m: tf.LayersModel) => Array.from(m.getWeights()[0]!.dataSync());
    expect(kernel(a)).toEqual(kernel(b));
    expect(kernel(a)).not.toEqual(kernel(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('rejects shapes that cannot train', () => {
    expect(() => buildSoftmaxModel({ inputDim: 0, numClasses: 2, l2: 0 })).toThrow(RangeError);
    expect(() => buildSoftmaxModel({ inputDim: 4, numClasses: 1, l2: 0 })).toThrow(RangeError);
  });
});

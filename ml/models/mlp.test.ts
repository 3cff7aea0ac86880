import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { applyClassifier } from './forward';
import { buildMlpModel } from './mlp';

beforeAll(async () => {
  await initBackend();
});

describe('buildMlpModel', () => {
  it('stacks dense → dropout per hidden layer and ends in softmax, with no embedding layer', () => {
    const model = buildMlpModel({ inputDim: 32, numClasses: 4, hidden: [16, 8], dropout: 0.25, l2: 1e-4, seed: 1 });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    expect(model.outputs[0]!.shape).toEqual([null, 4]);
    model.dispose();
  });

  it('is deterministic at inference and varies per seed with dropout on', () => {
    const model = buildMlpModel({ inputDim: 8, numClasses: 3, hidden: 16, dropout: 0.5, l2: 0, seed: 2 });
    const x = tf.randomUniform([4, 8], 0, 1, 'float32', 9) as tf.Tensor2D;
    const run = (isTraining: boolean, seed: number) =>
      tf.tidy(() => Array.from(applyClassifier(model, x, isTraining ? () => seed : undefined).dataSync()));
    expect(run(false, 1)).toEqual(run(false, 2));
    expect(run(true, 1)).toEqual(run(true, 1));
    expect(run(true, 1)).not.toEqual(run(true, 2));
    const probs = run(true, 3);
    for (let i = 0; i < 4; i++) expect(probs[3 * i]! + probs[3 * i + 1]! + probs[3 * i + 2]!).toBeCloseTo(1, 5);
    x.dispose();
    model.dispose();
  });

  it('validates hidden sizes and the dropout rate', () => {
    expect(() => buildMlpModel({ inputDim: 8, numClasses: 2, hidden: [], dropout: 0, l2: 0 })).toThrow(RangeError);
    expect(() => buildMlpModel({ inputDim: 8, numClasses: 2, hidden: 4, dropout: 1, l2: 0 })).toThrow(RangeError);
  });
});

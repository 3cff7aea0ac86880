import * as tf from '@tensorflow/tfjs';
import { createRng } from '../random';
import { assertModelShape } from './softmax';

export type MlpModelOptions = {
  inputDim: number;
  numClasses: number;
  /** Units per hidden layer, input side first. */
  hidden: number | readonly number[];
  /** Rate of the dropout after each hidden layer; also what MC dropout samples for BALD. */
  dropout: number;
  l2: number;
  seed?: number;
};

/**
 * Dense ReLU layers with dropout, then softmax. Inputs are dense feature vectors:
 * no embedding layer, because tfjs-backend-wasm has no UnsortedSegmentSum kernel
 * and cannot train one.
 */
export function buildMlpModel({ inputDim, numClasses, hidden, dropout, l2, seed = 0 }: MlpModelOptions): tf.LayersModel {
  assertModelShape(inputDim, numClasses);
  const widths = typeof hidden === 'number' ? [hidden] : [...hidden];
  if (widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new RangeError(`hidden must be positive integers, got ${JSON.stringify(hidden)}`);
  }
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${dropout}`);
  const rng = createRng(seed);
  const regularizer = () => (l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined);

  const model = tf.sequential({ name: 'mlp_classifier' });
  widths.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        name: `hidden_${i + 1}`,
        ...(i === 0 ? { inputShape: [inputDim] } : {}),
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: rng.nextSeed() }),
        kernelRegularizer: regularizer(),
      }),
    );
    // No seed on the layer: a fixed tf.dropout seed repeats the same mask every call.
    // Training and MC dropout pass a fresh seeded mask per call instead.
    if (dropout > 0) model.add(tf.layers.dropout({ name: `dropout_${i + 1}`, rate: dropout }));
  });
  model.add(
    tf.layers.dense({
      name: 'probs',
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: rng.nextSeed() }),
      kernelRegularizer: regularizer(),
    }),
  );
  return model;
}

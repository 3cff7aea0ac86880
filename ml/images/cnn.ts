import * as tf from '@tensorflow/tfjs';
import { createRng } from '../random';
import { assertModelShape } from '../models/softmax';

export type CnnModelOptions = {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** Filters of each conv-pool block, input side first. */
  filters: readonly number[];
  /** Units of the dense layer before the output: the embedding diversity strategies use. */
  dense: number;
  /** Rate of the dropout before the output; also what MC dropout samples for BALD. */
  dropout: number;
  l2: number;
  seed?: number;
};

export const DEFAULT_CNN_OPTIONS = { filters: [16, 32], dense: 64, dropout: 0.5, l2: 1e-5 } as const;

/** The dense layer whose output is the image embedding (k-center, clustering). */
export const CNN_EMBEDDING_LAYER = 'embedding';

/**
 * Conv 3×3 (same) → ReLU → max-pool 2 per block, then flatten → dense ReLU → dropout → softmax:
 * the Keras MNIST-CNN shape, with narrow layers because a step costs ~2 ms per 28×28 image on two
 * wasm cores. 16/32 filters and 64 units reach ~0.91 on Fashion-MNIST (bench/results/images.json);
 * doubling every width cost 3× the time for a few tenths of a point.
 */
export function buildCnnModel({ height, width, channels, numClasses, filters, dense, dropout, l2, seed = 0 }: CnnModelOptions): tf.LayersModel {
  assertModelShape(height * width * channels, numClasses);
  if (filters.length === 0 || filters.some((f) => !Number.isInteger(f) || f < 1)) throw new RangeError(`filters must be positive integers, got ${JSON.stringify(filters)}`);
  if (Math.min(height, width) >> filters.length < 1) throw new RangeError(`${filters.length} pooling blocks need images of at least ${2 ** filters.length} pixels a side`);
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${dropout}`);
  const rng = createRng(seed);
  const regularizer = () => (l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined);
  const model = tf.sequential({ name: 'cnn_classifier' });
  filters.forEach((count, i) => {
    model.add(
      tf.layers.conv2d({
        name: `conv_${i + 1}`,
        ...(i === 0 ? { inputShape: [height, width, channels] } : {}),
        filters: count,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: rng.nextSeed() }),
        kernelRegularizer: regularizer(),
      }),
    );
    model.add(tf.layers.maxPooling2d({ name: `pool_${i + 1}`, poolSize: 2 }));
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(
    tf.layers.dense({
      name: CNN_EMBEDDING_LAYER,
      units: dense,
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: rng.nextSeed() }),
      kernelRegularizer: regularizer(),
    }),
  );
  // No seed on the layer (a fixed seed repeats one mask); training and MC dropout pass fresh seeds.
  if (dropout > 0) model.add(tf.layers.dropout({ name: 'dropout', rate: dropout }));
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

import * as tf from '@tensorflow/tfjs';
import type { DropoutSeeds } from '../models/forward';
import { CNN_EMBEDDING_LAYER } from './cnn';
import { conv2dTrainable } from './conv2d-trainable';

/**
 * Forward passes over buildCnnModel's Sequential stack that its layer API cannot give: a
 * training pass whose convolutions have a filter gradient on wasm (conv2dTrainable), seeded
 * dropout masks (tfjs's Dropout layer either repeats one mask or draws from Math.random), and
 * the embedding layer's output. Call inside `tf.tidy`.
 */

/** Class probabilities; with `nextDropoutSeed` dropout stays on (training, MC dropout). */
export function applyCnn(model: tf.LayersModel, x: tf.Tensor4D, nextDropoutSeed?: DropoutSeeds, { isTraining = false } = {}): tf.Tensor2D {
  if (!nextDropoutSeed && !isTraining) return model.apply(x, { training: false }) as tf.Tensor2D;
  return runLayers(model, x, nextDropoutSeed, isTraining, null);
}

/** The output of the dense layer before dropout and softmax: one embedding row per image. */
export function embedCnn(model: tf.LayersModel, x: tf.Tensor4D): tf.Tensor2D {
  return runLayers(model, x, undefined, false, CNN_EMBEDDING_LAYER);
}

export function isCnnModel(model: tf.LayersModel): boolean {
  return model.layers.some((layer) => layer.getClassName() === 'Conv2D');
}

function runLayers(model: tf.LayersModel, x: tf.Tensor4D, nextDropoutSeed: DropoutSeeds | undefined, isTraining: boolean, stopAfter: string | null): tf.Tensor2D {
  if (!(model instanceof tf.Sequential)) throw new Error('expected a Sequential model from buildCnnModel');
  let output: tf.Tensor = x;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind === 'Dropout') {
      const rate = Number(layer.getConfig().rate);
      if (nextDropoutSeed && rate > 0 && rate < 1) output = tf.dropout(output, rate, undefined, nextDropoutSeed());
    } else if (kind === 'Conv2D' && isTraining) {
      output = applyConvForTraining(layer, output as tf.Tensor4D);
    } else {
      output = layer.apply(output) as tf.Tensor;
    }
    if (layer.name === stopAfter) return output as tf.Tensor2D;
  }
  if (stopAfter) throw new Error(`model has no layer '${stopAfter}'`);
  return output as tf.Tensor2D;
}

function applyConvForTraining(layer: tf.layers.Layer, input: tf.Tensor4D): tf.Tensor4D {
  const config = layer.getConfig();
  if (config.strides !== undefined && [config.strides].flat().some((s) => s !== 1)) throw new Error(`layer ${layer.name}: only stride 1 trains here`);
  const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
  let output = conv2dTrainable(input, kernel as tf.Tensor4D, config.padding === 'valid' ? 'valid' : 'same');
  if (bias && config.useBias !== false) output = tf.add(output, bias);
  switch (config.activation) {
    case 'relu':
      return tf.relu(output);
    case 'linear':
    case undefined:
      return output;
    default:
      throw new Error(`unsupported activation in training: ${String(config.activation)}`);
  }
}

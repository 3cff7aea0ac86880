import * as tf from '@tensorflow/tfjs';
import { computeInputGradient, computeKernelGradient } from './host-gradients';

/**
 * Forward passes that tfjs's layer API cannot express the way we need:
 * - seeded dropout: tfjs's Dropout layer either repeats one mask forever (fixed
 *   seed) or draws from Math.random (no seed); we pass a fresh seeded mask per call;
 * - training: dense layers whose kernel gradient is computed on the host (see
 *   host-gradients.ts), about 10× faster per step on wasm for an MLP.
 * Both walk `model.layers`, so they support the Sequential Dense/Dropout stacks that
 * buildSoftmaxModel/buildMlpModel produce. Call inside `tf.tidy`.
 */

export type DropoutSeeds = () => number;

/** Inference; with `nextDropoutSeed` dropout stays on (MC dropout). */
export function applyClassifier(model: tf.LayersModel, x: tf.Tensor2D, nextDropoutSeed?: DropoutSeeds): tf.Tensor2D {
  if (!nextDropoutSeed || !hasDropout(model)) return model.apply(x, { training: false }) as tf.Tensor2D;
  assertSequential(model);
  let output: tf.Tensor = x;
  for (const layer of model.layers) {
    output = isDropoutLayer(layer) ? applySeededDropout(layer, output, nextDropoutSeed) : (layer.apply(output) as tf.Tensor);
  }
  return output as tf.Tensor2D;
}

/**
 * Training forward pass. `hostX` holds the same values as `x` (the caller built the
 * batch on the host anyway), which saves reading the input back from the backend.
 */
export function applyClassifierForTraining(
  model: tf.LayersModel,
  x: tf.Tensor2D,
  hostX: Float32Array,
  nextDropoutSeed: DropoutSeeds,
): tf.Tensor2D {
  assertSequential(model);
  let output: tf.Tensor2D = x;
  let isFirstDense = true;
  for (const layer of model.layers) {
    if (isDropoutLayer(layer)) {
      output = applySeededDropout(layer, output, nextDropoutSeed) as tf.Tensor2D;
    } else if (layer.getClassName() === 'Dense') {
      output = applyDense(layer, output, isFirstDense ? hostX : null);
      isFirstDense = false;
    } else {
      throw new Error(`training supports Dense and Dropout layers only, got ${layer.getClassName()}`);
    }
  }
  return output;
}

export function hasDropout(model: tf.LayersModel): boolean {
  return model.layers.some(isDropoutLayer);
}

function isDropoutLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'Dropout';
}

function assertSequential(model: tf.LayersModel): void {
  if (!(model instanceof tf.Sequential)) throw new Error('expected a Sequential model from buildSoftmaxModel/buildMlpModel');
}

function applySeededDropout(layer: tf.layers.Layer, input: tf.Tensor, nextDropoutSeed: DropoutSeeds): tf.Tensor {
  const rate = Number(layer.getConfig().rate);
  return rate > 0 && rate < 1 ? tf.dropout(input, rate, undefined, nextDropoutSeed()) : input;
}

function applyDense(layer: tf.layers.Layer, input: tf.Tensor2D, hostInput: Float32Array | null): tf.Tensor2D {
  const config = layer.getConfig();
  const kernel = findWeight(layer, 'kernel');
  const bias = config.useBias === false ? null : findWeight(layer, 'bias');
  // The first layer's input is data: no gradient needed, and its host copy is at hand.
  let output = hostInput ? multiplyByTrainableKernel(input, hostInput, kernel) : multiplyWithHostGradients(input, kernel);
  if (bias) output = tf.add(output, bias);
  switch (config.activation) {
    case 'relu':
      return tf.relu(output);
    case 'softmax':
      return tf.softmax(output);
    case 'linear':
    case undefined:
      return output;
    default:
      throw new Error(`unsupported activation in training: ${String(config.activation)}`);
  }
}

function findWeight(layer: tf.layers.Layer, role: 'kernel' | 'bias'): tf.Tensor2D {
  const weight = layer.trainableWeights.find((w) => w.originalName.endsWith(`/${role}`));
  if (!weight) throw new Error(`layer ${layer.name} has no ${role}`);
  return weight.read() as tf.Tensor2D;
}

function multiplyByTrainableKernel(input: tf.Tensor2D, hostInput: Float32Array, kernel: tf.Tensor2D): tf.Tensor2D {
  const [rows, inDim] = input.shape;
  const outDim = kernel.shape[1];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w] = args as [tf.Tensor2D];
    return {
      value: tf.matMul(input, w),
      gradFunc: (dy: tf.Tensor) => [
        tf.tensor2d(computeKernelGradient(hostInput, dy.dataSync(), rows, inDim, outDim), [inDim, outDim]),
      ],
    };
  });
  return op(kernel) as tf.Tensor2D;
}

function multiplyWithHostGradients(input: tf.Tensor2D, kernel: tf.Tensor2D): tf.Tensor2D {
  const [rows, inDim] = input.shape;
  const outDim = kernel.shape[1];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [a, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([a, w]);
    return {
      value: tf.matMul(a, w),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dyValues = dy.dataSync();
        const [savedInput, savedKernel] = saved as [tf.Tensor, tf.Tensor];
        return [
          tf.tensor2d(computeInputGradient(dyValues, savedKernel.dataSync(), rows, inDim, outDim), [rows, inDim]),
          tf.tensor2d(computeKernelGradient(savedInput.dataSync(), dyValues, rows, inDim, outDim), [inDim, outDim]),
        ];
      },
    };
  });
  return op(input, kernel) as tf.Tensor2D;
}

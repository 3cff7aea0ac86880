import * as tf from '@tensorflow/tfjs';
import { expandCsrRows, type CsrRows } from '../csr-rows';
import { computeInputGradient, computeKernelGradient, computeKernelGradientCsr, multiplyCsrDense } from './host-gradients';

/**
 * A first layer this narrow (softmax regression: one unit per class) multiplies faster
 * on the host over the input's non-zeros than tfjs does over the dense batch, which
 * also saves uploading the dense batch at all.
 */
const HOST_FORWARD_MAX_UNITS = 16;

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
 * Training forward pass. `hostX` holds the input on the host, dense or compressed
 * (rows of non-zeros), which saves reading it back from the backend; compressed rows
 * make the first layer's kernel gradient cheaper. `x` is the same input as a tensor;
 * pass null with compressed rows and it is only built if a layer needs it.
 */
export function applyClassifierForTraining(
  model: tf.LayersModel,
  x: tf.Tensor2D | null,
  hostX: Float32Array | CsrRows,
  nextDropoutSeed: DropoutSeeds,
): tf.Tensor2D {
  assertSequential(model);
  if (!x && hostX instanceof Float32Array) throw new Error('a dense host input needs its tensor');
  // Null only while the input is compressed and no layer has asked for it as a tensor.
  let output: tf.Tensor2D | null = x;
  let isFirstDense = true;
  const currentOutput = (): tf.Tensor2D => {
    output ??= tf.tensor2d(expandCsrRows(hostX as CsrRows), [(hostX as CsrRows).rows, (hostX as CsrRows).cols]);
    return output;
  };
  for (const layer of model.layers) {
    if (isDropoutLayer(layer)) {
      output = applySeededDropout(layer, currentOutput(), nextDropoutSeed) as tf.Tensor2D;
    } else if (layer.getClassName() === 'Dense') {
      output = isFirstDense ? applyFirstDense(layer, hostX, currentOutput) : applyDense(layer, currentOutput(), null);
      isFirstDense = false;
    } else {
      throw new Error(`training supports Dense and Dropout layers only, got ${layer.getClassName()}`);
    }
  }
  return currentOutput();
}

/** The first layer sees data: it can run on the host over the non-zeros when it is narrow. */
function applyFirstDense(layer: tf.layers.Layer, hostX: Float32Array | CsrRows, input: () => tf.Tensor2D): tf.Tensor2D {
  const kernel = findWeight(layer, 'kernel');
  if (hostX instanceof Float32Array || kernel.shape[1] > HOST_FORWARD_MAX_UNITS) return applyDense(layer, input(), hostX);
  return finishDense(layer, multiplyCsrOnHost(hostX, kernel));
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

function applyDense(layer: tf.layers.Layer, input: tf.Tensor2D, hostInput: Float32Array | CsrRows | null): tf.Tensor2D {
  const kernel = findWeight(layer, 'kernel');
  // The first layer's input is data: no gradient needed, and its host copy is at hand.
  return finishDense(layer, hostInput ? multiplyByTrainableKernel(input, hostInput, kernel) : multiplyWithHostGradients(input, kernel));
}

/** Bias and activation after the kernel product. */
function finishDense(layer: tf.layers.Layer, product: tf.Tensor2D): tf.Tensor2D {
  const config = layer.getConfig();
  const bias = config.useBias === false ? null : findWeight(layer, 'bias');
  let output = product;
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

function multiplyCsrOnHost(hostInput: CsrRows, kernel: tf.Tensor2D): tf.Tensor2D {
  const [inDim, outDim] = kernel.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w] = args as [tf.Tensor2D];
    return {
      value: tf.tensor2d(multiplyCsrDense(hostInput, w.dataSync(), outDim), [hostInput.rows, outDim]),
      gradFunc: (dy: tf.Tensor) => [tf.tensor2d(computeKernelGradientCsr(hostInput, dy.dataSync(), outDim), [inDim, outDim])],
    };
  });
  return op(kernel) as tf.Tensor2D;
}

function multiplyByTrainableKernel(input: tf.Tensor2D, hostInput: Float32Array | CsrRows, kernel: tf.Tensor2D): tf.Tensor2D {
  const [rows, inDim] = input.shape;
  const outDim = kernel.shape[1];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w] = args as [tf.Tensor2D];
    return {
      value: tf.matMul(input, w),
      gradFunc: (dy: tf.Tensor) => [
        tf.tensor2d(
          hostInput instanceof Float32Array
            ? computeKernelGradient(hostInput, dy.dataSync(), rows, inDim, outDim)
            : computeKernelGradientCsr(hostInput, dy.dataSync(), outDim),
          [inDim, outDim],
        ),
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

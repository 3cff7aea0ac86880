import * as tf from '@tensorflow/tfjs';
import { buildSoftmaxModel } from './softmax';

/**
 * The tfjs softmax model holding weights fitted elsewhere (fitSoftmaxRegression on the
 * host), so saving, loading and every predict path stay those of a tfjs LayersModel.
 * `temperature` divides the logits (temperature scaling baked into the weights:
 * softmax((xW + b)/T) = softmax(x(W/T) + b/T)).
 */
export function buildSoftmaxModelFromWeights({
  kernel,
  bias,
  inputDim,
  numClasses,
  temperature = 1,
}: {
  kernel: Float32Array;
  bias: Float32Array;
  inputDim: number;
  numClasses: number;
  temperature?: number;
}): tf.LayersModel {
  if (kernel.length !== inputDim * numClasses || bias.length !== numClasses) throw new RangeError(`weights do not match ${inputDim}×${numClasses}`);
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  const model = buildSoftmaxModel({ inputDim, numClasses, l2: 0 });
  const scale = 1 / temperature;
  const scaledKernel = scale === 1 ? kernel : Float32Array.from(kernel, (w) => w * scale);
  const scaledBias = scale === 1 ? bias : Float32Array.from(bias, (b) => b * scale);
  tf.tidy(() => model.setWeights([tf.tensor2d(scaledKernel, [inputDim, numClasses]), tf.tensor1d(scaledBias)]));
  return model;
}

/** Host copies of a softmax model's kernel (dim×k) and bias. */
export function readSoftmaxWeights(model: tf.LayersModel): { kernel: Float32Array; bias: Float32Array } {
  const [kernel, bias] = model.layers[0]!.getWeights();
  if (!kernel || !bias) throw new Error('not a softmax model with a bias');
  return { kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array };
}

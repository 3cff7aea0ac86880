import * as tf from '@tensorflow/tfjs';
import type { CsrRows } from '../csr-rows';
import { multiplyCsrDense } from '../models/host-gradients';

/**
 * The multi-label model as a tfjs LayersModel: one Dense layer of L sigmoid units. Saving and
 * loading go through serializeModel/deserializeModel (ml/predict.ts) like every other model
 * version, so model_versions stores its topology, weight specs and weights unchanged; the
 * thresholds travel beside it (TMultilabelModelMetadata). `temperatures` (one per label) divide
 * the logits, baked into the weights: sigmoid((x·w + b)/T) = sigmoid(x·(w/T) + b/T).
 */
export function buildSigmoidModel({
  kernel,
  bias,
  inputDim,
  numLabels,
  temperatures,
}: {
  kernel: Float32Array;
  bias: Float32Array;
  inputDim: number;
  numLabels: number;
  temperatures?: ArrayLike<number> | null;
}): tf.LayersModel {
  if (!Number.isInteger(inputDim) || inputDim < 1 || !Number.isInteger(numLabels) || numLabels < 1) throw new RangeError(`bad model shape ${inputDim}×${numLabels}`);
  if (kernel.length !== inputDim * numLabels || bias.length !== numLabels) throw new RangeError(`weights do not match ${inputDim}×${numLabels}`);
  let scaledKernel = kernel;
  let scaledBias = bias;
  if (temperatures) {
    if (temperatures.length !== numLabels) throw new RangeError(`${temperatures.length} temperatures for ${numLabels} labels`);
    for (let l = 0; l < numLabels; l++) if (!(temperatures[l]! > 0)) throw new RangeError(`temperature ${temperatures[l]} of label ${l} is not positive`);
    scaledKernel = Float32Array.from(kernel, (w, p) => w / temperatures[p % numLabels]!);
    scaledBias = Float32Array.from(bias, (b, l) => b / temperatures[l]!);
  }
  const model = tf.sequential({
    name: 'sigmoid_multilabel',
    layers: [tf.layers.dense({ name: 'label_probs', inputShape: [inputDim], units: numLabels, activation: 'sigmoid', kernelInitializer: 'zeros' })],
  });
  tf.tidy(() => model.setWeights([tf.tensor2d(scaledKernel, [inputDim, numLabels]), tf.tensor1d(scaledBias)]));
  return model;
}

/** Host copies of a sigmoid model's kernel (inputDim×L) and biases; throws for any other model. */
export function readSigmoidWeights(model: tf.LayersModel): { kernel: Float32Array; bias: Float32Array; numLabels: number } {
  const layer = model.layers.length === 1 ? model.layers[0]! : null;
  if (!layer || layer.getClassName() !== 'Dense' || layer.getConfig().activation !== 'sigmoid') throw new Error('not a one-layer sigmoid model');
  const [kernel, bias] = layer.getWeights();
  if (!kernel || !bias || kernel.shape.length !== 2) throw new Error('the sigmoid layer has no kernel and bias');
  return { kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, numLabels: kernel.shape[1]! };
}

/**
 * Per-label probabilities, row-major n×L, evaluated on the host over the non-zeros (as
 * predictRows does for the softmax model: a 2^18-wide dense batch would cost more than the
 * arithmetic). The probabilities are independent: a row need not sum to 1.
 */
export function predictLabelProbabilities(model: tf.LayersModel, rows: CsrRows): Float32Array {
  const { kernel, bias, numLabels } = readSigmoidWeights(model);
  if (kernel.length !== rows.cols * numLabels) throw new RangeError(`rows have ${rows.cols} columns, the model takes ${kernel.length / numLabels}`);
  return computeSigmoidProbabilities(rows, kernel, bias);
}

/** sigmoid(x·W + b) for compressed rows and host weights (cols×L kernel). */
export function computeSigmoidProbabilities(rows: CsrRows, kernel: Float32Array, bias: Float32Array): Float32Array {
  const numLabels = bias.length;
  const out = multiplyCsrDense(rows, kernel, numLabels);
  for (let p = 0; p < out.length; p++) out[p] = 1 / (1 + Math.exp(-(out[p]! + bias[p % numLabels]!)));
  return out;
}

import * as tf from '@tensorflow/tfjs';

export type SoftmaxModelOptions = {
  inputDim: number;
  numClasses: number;
  /** L2 penalty on the kernel; 0 turns it off. */
  l2: number;
  seed?: number;
};

/**
 * Multinomial logistic regression: one dense layer straight to softmax.
 * The model outputs probabilities (not logits) so a saved model.json is usable as-is.
 */
export function buildSoftmaxModel({ inputDim, numClasses, l2, seed = 0 }: SoftmaxModelOptions): tf.LayersModel {
  assertModelShape(inputDim, numClasses);
  return tf.sequential({
    name: 'softmax_classifier',
    layers: [
      tf.layers.dense({
        name: 'probs',
        inputShape: [inputDim],
        units: numClasses,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        kernelRegularizer: l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined,
      }),
    ],
  });
}

export function assertModelShape(inputDim: number, numClasses: number): void {
  if (!Number.isInteger(inputDim) || inputDim < 1) throw new RangeError(`inputDim must be a positive integer, got ${inputDim}`);
  // Two outputs even for a one-class project so softmax is not a constant 1.
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new RangeError(`numClasses must be an integer ≥ 2, got ${numClasses}`);
}

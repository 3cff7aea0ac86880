import type * as tf from '@tensorflow/tfjs';
import type { CsrRows } from '../csr-rows';
import { multiplyCsrDense } from './host-gradients';

export type HostSoftmax = { numClasses: number; predict(rows: CsrRows): Float32Array };

/**
 * Softmax regression evaluated on the host over compressed rows: for one dense layer with a
 * few outputs, x·W over the non-zeros costs a few hundred multiply-adds per text, while tfjs
 * would first receive a dense n×dim batch (16 KB per text at 4096) to multiply by a 4096×k
 * kernel, a memory-bound product. Same weights, same probabilities (to float rounding).
 * Null for any other model (an MLP goes through tfjs).
 */
export function createHostSoftmax(model: tf.LayersModel): HostSoftmax | null {
  if (model.layers.length !== 1) return null;
  const layer = model.layers[0]!;
  const config = layer.getConfig();
  if (layer.getClassName() !== 'Dense' || config.activation !== 'softmax') return null;
  const [kernelTensor, biasTensor] = layer.getWeights();
  if (!kernelTensor || kernelTensor.shape.length !== 2) return null;
  const numClasses = kernelTensor.shape[1]!;
  const kernel = kernelTensor.dataSync() as Float32Array;
  const bias = biasTensor ? (biasTensor.dataSync() as Float32Array) : new Float32Array(numClasses);
  return {
    numClasses,
    predict(rows) {
      const out = multiplyCsrDense(rows, kernel, numClasses);
      for (let i = 0; i < rows.rows; i++) {
        const offset = i * numClasses;
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < numClasses; c++) {
          out[offset + c] = out[offset + c]! + bias[c]!;
          if (out[offset + c]! > max) max = out[offset + c]!;
        }
        let sum = 0;
        for (let c = 0; c < numClasses; c++) {
          const e = Math.exp(out[offset + c]! - max);
          out[offset + c] = e;
          sum += e;
        }
        for (let c = 0; c < numClasses; c++) out[offset + c] = out[offset + c]! / sum;
      }
      return out;
    },
  };
}

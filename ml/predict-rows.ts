import type * as tf from '@tensorflow/tfjs';
import { expandCsrRange, type CsrRows } from './csr-rows';
import { createHostSoftmax } from './models/host-softmax';
import { getNumClasses, predictProba } from './predict';

/** Dense values expanded at a time for models that need dense input: 8 MB whatever the width. */
const DENSE_CHUNK_VALUES = 2 ** 21;

/**
 * Class probabilities (n×k) of compressed rows. A softmax model is evaluated on the host
 * over the non-zeros (a 2^18-wide dense row is 1 MB); any other model gets dense chunks
 * small enough that their size does not grow with the feature width.
 */
export function predictRows(model: tf.LayersModel, rows: CsrRows): Float32Array {
  const host = createHostSoftmax(model);
  if (host) return host.predict(rows);
  const k = getNumClasses(model);
  const out = new Float32Array(rows.rows * k);
  const chunk = Math.max(1, Math.floor(DENSE_CHUNK_VALUES / rows.cols));
  const buffer = new Float32Array(Math.min(chunk, Math.max(1, rows.rows)) * rows.cols);
  for (let start = 0; start < rows.rows; start += chunk) {
    const count = Math.min(chunk, rows.rows - start);
    out.set(predictProba(model, expandCsrRange(rows, start, count, buffer), count, rows.cols), start * k);
  }
  return out;
}

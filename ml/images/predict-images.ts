import * as tf from '@tensorflow/tfjs';
import { compressRows, type CsrRows } from '../csr-rows';
import { hasDropout } from '../models/forward';
import { getNumClasses } from '../predict';
import { predictRows } from '../predict-rows';
import { createRng } from '../random';
import { applyCnn, embedCnn, isCnnModel } from './apply-cnn';
import { sliceImages, toImageTensor, type ImageSet } from './image-set';
import { toPixelRows } from './pixel-rows';

/** Images per forward pass: 256 28×28 images are 0.8 MB of input, and the activations stay small. */
export const IMAGE_PREDICT_BATCH = 256;

/**
 * Class probabilities (n×k) of images, for either image model: the CNN takes the image tensor,
 * the pixel softmax its normalised pixel rows (scored on the host). Batched, so a pool chunk of any
 * size never becomes one large tensor.
 */
export function predictImages(model: tf.LayersModel, set: ImageSet, batchSize = IMAGE_PREDICT_BATCH): Float32Array {
  const k = getNumClasses(model);
  const out = new Float32Array(set.count * k);
  for (let start = 0; start < set.count; start += batchSize) {
    const batch = sliceImages(set, start, Math.min(batchSize, set.count - start));
    const probs = isCnnModel(model) ? tf.tidy(() => applyCnn(model, toImageTensor(batch)).dataSync()) : predictRows(model, toPixelRows(batch));
    out.set(probs, start * k);
  }
  return out;
}

/**
 * T stochastic passes with dropout on (Gal & Ghahramani 2016), one n×k array per pass, for BALD;
 * the masks come from `seed`. Throws for a model without dropout (every pass would be the same).
 */
export function predictImagesMcDropout(model: tf.LayersModel, set: ImageSet, samples: number, seed: number, batchSize = IMAGE_PREDICT_BATCH): Float32Array[] {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (!isCnnModel(model) || !hasDropout(model)) throw new Error('MC dropout needs a model with dropout layers (use the cnn model)');
  const k = getNumClasses(model);
  const rng = createRng(seed);
  const nextDropoutSeed = () => rng.nextSeed();
  const outputs = Array.from({ length: samples }, () => new Float32Array(set.count * k));
  for (let start = 0; start < set.count; start += batchSize) {
    const input = toImageTensor(sliceImages(set, start, Math.min(batchSize, set.count - start)));
    try {
      for (const output of outputs) output.set(tf.tidy(() => applyCnn(model, input, nextDropoutSeed).dataSync()), start * k);
    } finally {
      input.dispose();
    }
  }
  return outputs;
}

/**
 * The space batch diversity (k-center, clusters) and cold-start representatives measure distances
 * in: the CNN's embedding layer, which groups what the model has learned to tell apart; the pixel
 * rows for the pixel softmax, which has no hidden layer.
 */
export function embedImages(model: tf.LayersModel | null, set: ImageSet, batchSize = IMAGE_PREDICT_BATCH): CsrRows {
  if (!model || !isCnnModel(model)) return toPixelRows(set);
  let dim = 0;
  const chunks: Float32Array[] = [];
  for (let start = 0; start < set.count; start += batchSize) {
    const batch = sliceImages(set, start, Math.min(batchSize, set.count - start));
    tf.tidy(() => {
      const embedding = embedCnn(model, toImageTensor(batch));
      dim = embedding.shape[1];
      chunks.push(embedding.dataSync() as Float32Array);
    });
  }
  const dense = new Float32Array(set.count * dim);
  let offset = 0;
  for (const chunk of chunks) {
    dense.set(chunk, offset);
    offset += chunk.length;
  }
  return compressRows(dense, set.count, dim);
}

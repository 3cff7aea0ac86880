import * as tf from '@tensorflow/tfjs';

/**
 * Images already brought to one input size: `count` images of height × width × channels bytes
 * each, row-major with channels last (what sharp's `raw()` and the IDX files give). Bytes, not
 * floats: 4× less memory for a pool, and structured-clonable to the compute thread as one buffer.
 */
export type ImageSet = {
  pixels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
};

export function getImageSize(set: Pick<ImageSet, 'height' | 'width' | 'channels'>): number {
  return set.height * set.width * set.channels;
}

export function assertImageSet(set: ImageSet): void {
  const { count, height, width, channels } = set;
  if (![count, height, width, channels].every((v) => Number.isInteger(v) && v >= 0) || height < 1 || width < 1 || channels < 1) {
    throw new RangeError(`bad image set shape ${count}×${height}×${width}×${channels}`);
  }
  if (set.pixels.length !== count * getImageSize(set)) throw new RangeError(`image set holds ${set.pixels.length} bytes, ${count}×${height}×${width}×${channels} needs ${count * getImageSize(set)}`);
}

/** The images at `indices`, in that order, as a new set. */
export function gatherImages(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const size = getImageSize(set);
  const pixels = new Uint8Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * size;
    pixels.set(set.pixels.subarray(from, from + size), i * size);
  }
  return { pixels, count: indices.length, height: set.height, width: set.width, channels: set.channels };
}

/** Images `start .. start + count` as a view (no copy). */
export function sliceImages(set: ImageSet, start: number, count: number): ImageSet {
  const size = getImageSize(set);
  return { ...set, pixels: set.pixels.subarray(start * size, (start + count) * size), count };
}

/**
 * Pixel normalisation, the one place it happens: bytes to [0, 1]. Prediction, training and the
 * pixel rows of the linear model all go through here, so a stored model sees what it trained on.
 */
export function normalizePixels(pixels: Uint8Array, out = new Float32Array(pixels.length)): Float32Array {
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}

/** An n×h×w×c float tensor of the set's images, normalised. */
export function toImageTensor(set: ImageSet): tf.Tensor4D {
  return tf.tensor4d(normalizePixels(set.pixels), [set.count, set.height, set.width, set.channels]);
}

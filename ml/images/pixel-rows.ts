import { compressRows, type CsrRows } from '../csr-rows';
import { getImageSize, normalizePixels, type ImageSet } from './image-set';

/**
 * The images as normalised pixel rows (one row of h·w·c values each), compressed: the features of
 * the pixel softmax model and the space k-center and clustering measure distances in for it.
 * Fashion-MNIST's black background leaves half the values zero.
 */
export function toPixelRows(set: ImageSet): CsrRows {
  return compressRows(normalizePixels(set.pixels), set.count, getImageSize(set));
}

/**
 * How a project's images become model input, stored with each model version (its featureConfig) so
 * prediction reproduces it: every image is resized to `height × width` ignoring its aspect ratio
 * (Keras' image_dataset_from_directory default), to grey (1 channel) or RGB (3), alpha dropped,
 * then its bytes scaled to [0, 1] (normalizePixels).
 */
export type ImageInputConfig = {
  kind: 'image-pixels';
  height: number;
  width: number;
  channels: 1 | 3;
  resize: 'fill';
  normalization: 'unit';
};

export const MIN_IMAGE_SIDE = 28;
/** 64×64×3 is 12 KB per image: a 50k pool decoded once per job stays at 600 MB, and a CNN step near 10 ms per image. */
export const MAX_IMAGE_SIDE = 64;

export type ImageSample = { width: number; height: number; channels: number };

/**
 * The input size for a project, from a sample of its images: the median shorter side, kept within
 * [MIN_IMAGE_SIDE, MAX_IMAGE_SIDE] and a multiple of 4 (two 2× poolings); grey when every sampled
 * image is grey (1 or 2 channels: grey and grey + alpha), else RGB.
 */
export function chooseImageInput(samples: readonly ImageSample[]): ImageInputConfig {
  if (samples.length === 0) throw new RangeError('choosing an input size needs at least one image');
  const sides = samples.map((s) => Math.min(s.width, s.height)).sort((a, b) => a - b);
  const median = sides[Math.floor((sides.length - 1) / 2)]!;
  const side = Math.round(Math.min(MAX_IMAGE_SIDE, Math.max(MIN_IMAGE_SIDE, median)) / 4) * 4;
  const isGrey = samples.every((s) => s.channels <= 2);
  return { kind: 'image-pixels', height: side, width: side, channels: isGrey ? 1 : 3, resize: 'fill', normalization: 'unit' };
}

export function isImageInputConfig(config: unknown): config is ImageInputConfig {
  return typeof config === 'object' && config !== null && (config as { kind?: unknown }).kind === 'image-pixels';
}

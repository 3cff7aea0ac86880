import { createRng } from './random';

/**
 * A held-out split that stays put as the label set grows: an item is held out exactly when its
 * stable key (an item id, a pool position) hashes, with `salt`, below `fraction`. A series of
 * trainings that warm-starts each from the last (active-learning rounds) then never early-stops on
 * items an earlier round trained on; a fresh random split each round would hold out mostly items
 * the starting weights have already fitted, whose loss keeps falling as the model overfits.
 * Returns no held-out items when they would be fewer than `minValidationSize` (training uses all).
 */
export function splitByKey(keys: ArrayLike<number>, fraction: number, salt: number, minValidationSize: number): { trainIndices: Int32Array; validationIndices: Int32Array } {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`fraction must be in [0, 1), got ${fraction}`);
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < keys.length; i++) (isHeldOutKey(keys[i]!, fraction, salt) ? validation : train).push(i);
  // Every item held out would leave nothing to fit.
  if (validation.length < minValidationSize || train.length === 0) return { trainIndices: Int32Array.from(keys, (_, i) => i), validationIndices: new Int32Array(0) };
  return { trainIndices: Int32Array.from(train), validationIndices: Int32Array.from(validation) };
}

/** Whether `key` falls in the held-out share: a uniform draw seeded by key and salt (the golden-ratio multiply spreads nearby keys). */
export function isHeldOutKey(key: number, fraction: number, salt: number): boolean {
  return createRng((Math.imul(key, 0x9e3779b1) ^ salt) | 0).next() < fraction;
}

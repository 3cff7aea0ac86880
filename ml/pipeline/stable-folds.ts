import { finalizeHash, mixHashBlock } from '../features/hash';

const FOLD_SALT = 0x5f3759df;

/**
 * Folds and the cross-validated subset chosen by a hash of each label's item id, not by its
 * position: an item keeps its fold from one version to the next, so the previous version's
 * fold-f model never saw the labels fold f holds out now and may warm-start this version's
 * (a fold by position or shuffle would move items between folds and leak their labels).
 * Folds are balanced in expectation, not stratified: a rare class can fall mostly into one fold.
 */
export function assignStableFolds(itemKeys: ArrayLike<number>, folds: number, limit: number): { indices: Int32Array; foldOf: Int32Array } {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const n = itemKeys.length;
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hashKey(itemKeys[i]!);
  let indices = Int32Array.from({ length: n }, (_, i) => i);
  // The same items stay in the subset as labels grow: the ones with the smallest hashes.
  if (n > limit) indices = indices.sort((a, b) => hashes[a]! - hashes[b]! || a - b).subarray(0, limit).sort();
  const foldOf = Int32Array.from(indices, (i) => hashes[i]! % folds);
  return { indices, foldOf };
}

function hashKey(key: number): number {
  if (!Number.isSafeInteger(key)) throw new RangeError(`item key ${key} is not an integer`);
  const low = key % 2 ** 32;
  const high = Math.floor(key / 2 ** 32);
  return finalizeHash(mixHashBlock(mixHashBlock(FOLD_SALT, low | 0), high | 0), 8) >>> 0;
}

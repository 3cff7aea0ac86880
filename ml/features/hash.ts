/**
 * MurmurHash3 (x86, 32-bit) mixing applied to UTF-16 code units, one unit per
 * block. Hashing code units directly avoids a UTF-8 encode per token, which is
 * most of the cost of hashing short strings in JS. The result is deterministic
 * across platforms and Node versions, so stored models keep their feature layout.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

export function mixHashBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function finalizeHash(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Signed 32-bit hash of `text[start, end)`. */
export function hashCodeUnits(text: string, start: number, end: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < end; i++) h = mixHashBlock(h, text.charCodeAt(i));
  return finalizeHash(h, end - start);
}

export function hashString(text: string, seed = 0): number {
  return hashCodeUnits(text, 0, text.length, seed);
}

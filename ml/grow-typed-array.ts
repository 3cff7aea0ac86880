type TypedArray = Int32Array | Uint16Array | Float32Array | Float64Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

/**
 * `array` itself when it holds at least `needed` values, else a bigger copy (at least
 * double, so appending n values costs O(n) overall) holding its first `used` values.
 * The one growth rule behind every append-only buffer in ml/ (CSR builders, featurizer scratch).
 */
export function growTypedArray<T extends TypedArray>(array: T, used: number, needed: number): T {
  if (array.length >= needed) return array;
  const grown = new (array.constructor as TypedArrayConstructor<T>)(Math.max(array.length * 2, needed));
  grown.set(array.subarray(0, used) as never);
  return grown;
}

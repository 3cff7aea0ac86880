import { describe, expect, it } from 'vitest';
import { parseIdx } from './parse-idx';

/** A hand-made IDX file: 2 images of 2×3 unsigned bytes, dimensions big-endian. */
const TWO_IMAGES = Uint8Array.from([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 250, 251, 252, 253, 254, 255]);
/** Labels 7, 0, 9 as an IDX vector. */
const LABELS = Uint8Array.from([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9]);

describe('parseIdx', () => {
  it('reads the dimensions and the values of image and label files', () => {
    const images = parseIdx(TWO_IMAGES);
    expect(images.dims).toEqual([2, 2, 3]);
    expect(Array.from(images.data)).toEqual([1, 2, 3, 4, 5, 6, 250, 251, 252, 253, 254, 255]);
    expect(parseIdx(LABELS)).toEqual({ dims: [3], data: Uint8Array.from([7, 0, 9]) });
  });

  it('reads a dimension above 255 big-endian', () => {
    const bytes = new Uint8Array(8 + 300);
    bytes.set([0, 0, 0x08, 1, 0, 0, 0x01, 0x2c]);
    expect(parseIdx(bytes).dims).toEqual([300]);
  });

  it('refuses a wrong magic, another value type and a size that does not match the header', () => {
    expect(() => parseIdx(Uint8Array.from([1, 0, 0x08, 1, 0, 0, 0, 1, 5]))).toThrow('two zero bytes');
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]))).toThrow('0xd is not supported');
    expect(() => parseIdx(LABELS.subarray(0, 10))).toThrow('holds 2 values, its dimensions 3 need 3');
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x08, 2, 0, 0]))).toThrow('truncated');
  });
});

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): two zero bytes, a type byte, the
 * number of dimensions, each dimension as a big-endian uint32, then the values in row-major order.
 * Only unsigned bytes (type 0x08) are read: every image and label file of both sets uses them.
 */
export type IdxArray = { dims: number[]; data: Uint8Array };

const UNSIGNED_BYTE = 0x08;

export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new Error('not an IDX file: it must start with two zero bytes');
  if (bytes[2] !== UNSIGNED_BYTE) throw new Error(`IDX value type 0x${bytes[2]!.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  const rank = bytes[3]!;
  const headerSize = 4 + 4 * rank;
  if (rank < 1 || bytes.length < headerSize) throw new Error('IDX header is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d, false));
  const size = dims.reduce((product, dim) => product * dim, 1);
  if (bytes.length - headerSize !== size) throw new Error(`IDX holds ${bytes.length - headerSize} values, its dimensions ${dims.join('×')} need ${size}`);
  return { dims, data: bytes.subarray(headerSize) };
}

import { growTypedArray } from './grow-typed-array';

/**
 * Rows of a matrix in compressed sparse row form: row r's non-zeros are at
 * offsets[r] .. offsets[r + 1]. Hashed text vectors are mostly zeros, so training and
 * storage work on these; a long text still fills a third of a 4096-wide row, where a
 * dense scan's unpredictable zero test costs more than the arithmetic.
 */
export type CsrRows = {
  rows: number;
  cols: number;
  offsets: Int32Array;
  columns: Int32Array;
  values: Float32Array;
};

/** Compresses the first `rows` rows of a dense row-major matrix; reuses `into`'s buffers when they are big enough. */
export function compressRows(dense: Float32Array, rows: number, cols: number, into?: CsrRows): CsrRows {
  const offsets = into && into.offsets.length >= rows + 1 ? into.offsets : new Int32Array(rows + 1);
  let columns = into?.columns ?? new Int32Array(1024);
  let values = into?.values ?? new Float32Array(1024);
  let at = 0;
  offsets[0] = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    columns = growTypedArray(columns, at, at + cols);
    values = growTypedArray(values, at, at + cols);
    for (let j = 0; j < cols; j++) {
      const value = dense[base + j]!;
      if (value !== 0) {
        columns[at] = j;
        values[at++] = value;
      }
    }
    offsets[r + 1] = at;
  }
  return { rows, cols, offsets, columns, values };
}

/** Copies rows `indices[0 .. count)` of `source` into `into` (its buffers are reused when big enough). */
export function gatherCsrRows(source: CsrRows, indices: ArrayLike<number>, count: number, into?: CsrRows): CsrRows {
  let size = 0;
  for (let r = 0; r < count; r++) size += source.offsets[indices[r]! + 1]! - source.offsets[indices[r]!]!;
  const offsets = into && into.offsets.length >= count + 1 ? into.offsets : new Int32Array(count + 1);
  const columns = into && into.columns.length >= size ? into.columns : new Int32Array(size);
  const values = into && into.values.length >= size ? into.values : new Float32Array(size);
  let at = 0;
  offsets[0] = 0;
  for (let r = 0; r < count; r++) {
    const from = source.offsets[indices[r]!]!;
    const to = source.offsets[indices[r]! + 1]!;
    columns.set(source.columns.subarray(from, to), at);
    values.set(source.values.subarray(from, to), at);
    at += to - from;
    offsets[r + 1] = at;
  }
  return { rows: count, cols: source.cols, offsets, columns, values };
}

/** The dense row-major rows×cols matrix. */
export function expandCsrRows(x: CsrRows): Float32Array {
  return expandCsrRange(x, 0, x.rows);
}

/** Rows `start .. start + count` as a dense row-major matrix (into `out` when given). */
export function expandCsrRange(x: CsrRows, start: number, count: number, out?: Float32Array): Float32Array {
  const size = count * x.cols;
  const dense = out ?? new Float32Array(size);
  if (dense.length < size) throw new RangeError(`output holds ${dense.length} values, needs ${size}`);
  dense.fill(0, 0, size);
  for (let r = 0; r < count; r++) {
    const base = r * x.cols;
    for (let e = x.offsets[start + r]!; e < x.offsets[start + r + 1]!; e++) dense[base + x.columns[e]!] = x.values[e]!;
  }
  return dense;
}

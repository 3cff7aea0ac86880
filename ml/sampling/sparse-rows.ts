import { gatherCsrRows, type CsrRows } from '../csr-rows';
import { sketchCsrRows } from './sketch-rows';

/**
 * Selected rows of a dense n×dim feature matrix in compressed sparse row form.
 * Hashed text vectors are ~95% zeros, so distances over the non-zeros are ~20×
 * cheaper; dense embeddings simply keep every entry.
 */
export type SparseRows = {
  count: number;
  dim: number;
  /** Row r's entries are at offsets[r] .. offsets[r + 1]. */
  offsets: Int32Array;
  columns: Int32Array;
  values: Float32Array;
  squaredNorms: Float64Array;
};

export function extractSparseRows(features: Float32Array, dim: number, rows: ArrayLike<number>): SparseRows {
  const offsets = new Int32Array(rows.length + 1);
  let nonZeros = 0;
  for (let r = 0; r < rows.length; r++) {
    const base = rows[r]! * dim;
    if (base + dim > features.length) throw new RangeError(`row ${rows[r]} is outside the feature matrix`);
    for (let j = 0; j < dim; j++) if (features[base + j] !== 0) nonZeros++;
    offsets[r + 1] = nonZeros;
  }
  const columns = new Int32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  const squaredNorms = new Float64Array(rows.length);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const base = rows[r]! * dim;
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const value = features[base + j]!;
      if (value === 0) continue;
      columns[at] = j;
      values[at++] = value;
      norm += value * value;
    }
    squaredNorms[r] = norm;
  }
  return { count: rows.length, dim, offsets, columns, values, squaredNorms };
}

/** Selected rows of compressed rows, as SparseRows (norms computed; wide rows sketched, see sketchCsrRows): no dense detour. */
export function selectCsrRows(source: CsrRows, rows: ArrayLike<number>): SparseRows {
  const picked = sketchCsrRows(gatherCsrRows(source, rows, rows.length));
  const squaredNorms = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    let norm = 0;
    for (let e = picked.offsets[r]!; e < picked.offsets[r + 1]!; e++) norm += picked.values[e]! * picked.values[e]!;
    squaredNorms[r] = norm;
  }
  const size = picked.offsets[rows.length]!;
  return { count: rows.length, dim: picked.cols, offsets: picked.offsets, columns: picked.columns.subarray(0, size), values: picked.values.subarray(0, size), squaredNorms };
}

/** Dot product of sparse row `row` with a dense vector (length dim) starting at `offset`. */
export function dotSparseDense(rows: SparseRows, row: number, dense: ArrayLike<number>, offset = 0): number {
  let sum = 0;
  for (let e = rows.offsets[row]!; e < rows.offsets[row + 1]!; e++) sum += rows.values[e]! * dense[offset + rows.columns[e]!]!;
  return sum;
}

/** Scatters sparse row `row` into a zeroed dense vector. */
export function densifyRow(rows: SparseRows, row: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let e = rows.offsets[row]!; e < rows.offsets[row + 1]!; e++) out[rows.columns[e]!] = rows.values[e]!;
  return out;
}

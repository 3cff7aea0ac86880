import { describe, expect, it } from 'vitest';
import type { CsrRows } from '../csr-rows';
import { createRng } from '../random';
import { sketchCsrRows } from './sketch-rows';

function randomRows(n: number, cols: number, perRow: number, seed: number): CsrRows {
  const rng = createRng(seed);
  const offsets = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < n; r++) {
    const picked = new Set<number>();
    while (picked.size < perRow) picked.add(rng.int(cols));
    for (const column of [...picked].sort((a, b) => a - b)) {
      columns.push(column);
      values.push(rng.next() - 0.3);
    }
    offsets[r + 1] = columns.length;
  }
  return { rows: n, cols, offsets, columns: Int32Array.from(columns), values: Float32Array.from(values) };
}

function dot(rows: CsrRows, a: number, b: number): number {
  const dense = new Map<number, number>();
  for (let e = rows.offsets[a]!; e < rows.offsets[a + 1]!; e++) dense.set(rows.columns[e]!, (dense.get(rows.columns[e]!) ?? 0) + rows.values[e]!);
  let sum = 0;
  for (let e = rows.offsets[b]!; e < rows.offsets[b + 1]!; e++) sum += rows.values[e]! * (dense.get(rows.columns[e]!) ?? 0);
  return sum;
}

describe('sketchCsrRows', () => {
  it('keeps narrow rows as they are', () => {
    const rows = randomRows(3, 64, 5, 1);
    expect(sketchCsrRows(rows, 128)).toBe(rows);
  });

  it('folds wide rows into the width, one entry per bucket, preserving dot products on average', () => {
    // Pairs sharing half their columns: the sketch's dot product errs by collisions only.
    const rows = randomRows(200, 2 ** 18, 300, 2);
    for (let r = 1; r < rows.rows; r += 2) {
      const half = (rows.offsets[r]! - rows.offsets[r - 1]!) / 2;
      for (let e = 0; e < half; e++) {
        rows.columns[rows.offsets[r]! + e] = rows.columns[rows.offsets[r - 1]! + e]!;
        rows.values[rows.offsets[r]! + e] = rows.values[rows.offsets[r - 1]! + e]!;
      }
    }
    const sketch = sketchCsrRows(rows, 4_096);
    expect(sketch.cols).toBe(4_096);
    for (let r = 0; r < sketch.rows; r++) {
      const buckets = Array.from(sketch.columns.subarray(sketch.offsets[r]!, sketch.offsets[r + 1]!));
      expect(new Set(buckets).size).toBe(buckets.length);
      expect(buckets.every((b) => b >= 0 && b < 4_096)).toBe(true);
    }
    let error = 0;
    let scale = 0;
    for (let r = 1; r < rows.rows; r += 2) {
      error += Math.abs(dot(sketch, r - 1, r) - dot(rows, r - 1, r));
      scale += Math.abs(dot(rows, r - 1, r));
    }
    expect(error / scale).toBeLessThan(0.2);
    // Squared norms too (a row with itself).
    expect(dot(sketch, 0, 0) / dot(rows, 0, 0)).toBeGreaterThan(0.8);
    expect(dot(sketch, 0, 0) / dot(rows, 0, 0)).toBeLessThan(1.2);
  });
});

import { describe, expect, it } from 'vitest';
import type { CsrRows } from '../csr-rows';
import { createRng } from '../random';
import { selectRepresentatives } from './select-representatives';

/** Points on the unit axes of a 3-d space: `perGroup` copies near each axis. */
function buildGroups(sizes: number[]): { rows: CsrRows; groupOf: number[] } {
  const offsets = [0];
  const columns: number[] = [];
  const values: number[] = [];
  const groupOf: number[] = [];
  sizes.forEach((size, g) => {
    for (let i = 0; i < size; i++) {
      columns.push(g, 3);
      const tilt = 0.05 * (i % 3);
      const norm = Math.sqrt(1 + tilt * tilt);
      values.push(1 / norm, tilt / norm);
      offsets.push(columns.length);
      groupOf.push(g);
    }
  });
  return { rows: { rows: groupOf.length, cols: 4, offsets: Int32Array.from(offsets), columns: Int32Array.from(columns), values: Float32Array.from(values) }, groupOf };
}

describe('selectRepresentatives', () => {
  it('covers every group even when one group is most of the pool', () => {
    const { rows, groupOf } = buildGroups([200, 10, 10]);
    for (let seed = 1; seed <= 5; seed++) {
      const picks = selectRepresentatives({ rows, count: 3, rng: createRng(seed) });
      expect(new Set(picks.map((p) => groupOf[p])).size).toBe(3);
    }
  });

  it('picks only candidates, distinct, and tops up to the count', () => {
    const { rows } = buildGroups([5, 5, 5]);
    const candidates = [0, 1, 2, 5, 6, 10];
    const picks = selectRepresentatives({ rows, candidates, count: 5, rng: createRng(3) });
    expect(picks).toHaveLength(5);
    expect(new Set(picks).size).toBe(5);
    for (const p of picks) expect(candidates).toContain(p);
  });
});

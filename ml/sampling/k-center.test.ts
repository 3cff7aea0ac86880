import { describe, expect, it } from 'vitest';
import { selectKCenterGreedy } from './k-center';
import { extractSparseRows } from './sparse-rows';

describe('selectKCenterGreedy', () => {
  it('starts at the first (best-scored) row and then takes the farthest', () => {
    // Points on a line, in score order: 0, 1, 10, 4.
    // pick 0; distances² to it: 1, 100, 16 → pick 10 (row 2);
    // min distances²: row 1 min(1, 81) = 1, row 3 min(16, 36) = 16 → pick 4 (row 3).
    const rows = extractSparseRows(Float32Array.from([0, 1, 10, 4]), 1, [0, 1, 2, 3]);
    expect(selectKCenterGreedy(rows, 3)).toEqual([0, 2, 3]);
    expect(selectKCenterGreedy(rows, 10)).toEqual([0, 2, 3, 1]);
    expect(selectKCenterGreedy(rows, 0)).toEqual([]);
  });
});

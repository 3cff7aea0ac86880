import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { clusterKMeans } from './cluster';
import { extractSparseRows } from './sparse-rows';

describe('clusterKMeans', () => {
  it('separates well-separated groups', () => {
    const points = Float32Array.from([0, 0, 0.1, 0, 0, 0.1, 5, 5, 5.1, 5, 5, 5.1]);
    const rows = extractSparseRows(points, 2, [0, 1, 2, 3, 4, 5]);
    const assignments = Array.from(clusterKMeans(rows, 2, createRng(4)).assignments);
    expect(new Set(assignments.slice(0, 3)).size).toBe(1);
    expect(new Set(assignments.slice(3)).size).toBe(1);
    expect(assignments[0]).not.toBe(assignments[3]);
  });
});

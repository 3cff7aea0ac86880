import type { CsrRows } from '../csr-rows';
import { createRng } from '../random';

/**
 * A seeded toy multi-label problem on compressed rows, for tests: each label owns a block of 5
 * columns and an item with the label lights 2 of them; every item also lights 3 of 20 noise
 * columns. Rows are L2-normalised like the featurizer's. Label ℓ is present with `rates[ℓ]`.
 */
export function generateMultilabelRows({ n, rates, seed }: { n: number; rates: readonly number[]; seed: number }): { rows: CsrRows; targets: Uint8Array } {
  const rng = createRng(seed);
  const numLabels = rates.length;
  const noiseStart = numLabels * 5;
  const cols = noiseStart + 20;
  const targets = new Uint8Array(n * numLabels);
  const offsets = new Int32Array(n + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const lit = new Set<number>();
    rates.forEach((rate, label) => {
      if (rng.next() < rate) {
        targets[i * numLabels + label] = 1;
        while (lit.size < 100 && [...lit].filter((c) => c >= label * 5 && c < label * 5 + 5).length < 2) lit.add(label * 5 + rng.int(5));
      }
    });
    for (let k = 0; k < 3; k++) lit.add(noiseStart + rng.int(20));
    const sorted = [...lit].sort((a, b) => a - b);
    for (const column of sorted) {
      columns.push(column);
      values.push(1 / Math.sqrt(sorted.length));
    }
    offsets[i + 1] = columns.length;
  }
  return { rows: { rows: n, cols, offsets, columns: Int32Array.from(columns), values: Float32Array.from(values) }, targets };
}

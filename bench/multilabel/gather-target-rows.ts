/** Rows `indices` of an n×L target matrix, in that order (the targets beside gatherCsrRows' features). */
export function gatherTargetRows(targets: Uint8Array, indices: readonly number[], numLabels: number): Uint8Array {
  const out = new Uint8Array(indices.length * numLabels);
  indices.forEach((i, r) => out.set(targets.subarray(i * numLabels, (i + 1) * numLabels), r * numLabels));
  return out;
}

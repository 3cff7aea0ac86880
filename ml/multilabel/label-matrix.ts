/**
 * Multi-label targets as a row-major n×L matrix of 0/1 bytes: what the fitters, threshold tuning
 * and metrics read (one byte per item and label, no per-item arrays), and the sets people see.
 */
export function encodeLabelSets(sets: readonly (readonly number[])[], numLabels: number): Uint8Array {
  const matrix = new Uint8Array(sets.length * numLabels);
  sets.forEach((set, i) => {
    for (const label of set) {
      if (!(Number.isInteger(label) && label >= 0 && label < numLabels)) throw new RangeError(`label ${label} of item ${i} outside [0, ${numLabels})`);
      matrix[i * numLabels + label] = 1;
    }
  });
  return matrix;
}

/** Each row's labels, sorted; an all-zero row is the empty set ("none of these"). */
export function decodeLabelSets(matrix: Uint8Array, numLabels: number): number[][] {
  if (numLabels < 1 || matrix.length % numLabels !== 0) throw new RangeError(`a matrix of ${matrix.length} values is not n×${numLabels}`);
  const sets: number[][] = [];
  for (let offset = 0; offset < matrix.length; offset += numLabels) {
    const set: number[] = [];
    for (let label = 0; label < numLabels; label++) if (matrix[offset + label]) set.push(label);
    sets.push(set);
  }
  return sets;
}

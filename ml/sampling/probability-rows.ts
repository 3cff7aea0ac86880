/** Number of rows in a row-major n×k probability matrix, validating its shape. */
export function countRows(probs: Float32Array, numClasses: number): number {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be ≥ 1, got ${numClasses}`);
  if (probs.length % numClasses !== 0) throw new RangeError(`probability matrix of length ${probs.length} is not n×${numClasses}`);
  return probs.length / numClasses;
}

/** Shannon entropy (nats) of row `row`, with 0·log 0 = 0. */
export function computeRowEntropy(probs: Float32Array, numClasses: number, row: number): number {
  let entropy = 0;
  const offset = row * numClasses;
  for (let c = 0; c < numClasses; c++) {
    const p = probs[offset + c]!;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return entropy;
}

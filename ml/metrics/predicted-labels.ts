/** Argmax class per row of an n×k probability matrix; ties go to the lower class. */
export function computePredictedLabels(probs: Float32Array, numClasses: number): Int32Array {
  if (probs.length % numClasses !== 0) throw new RangeError(`probability matrix of length ${probs.length} is not n×${numClasses}`);
  const n = probs.length / numClasses;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probs[i * numClasses + c]! > probs[i * numClasses + best]!) best = c;
    labels[i] = best;
  }
  return labels;
}

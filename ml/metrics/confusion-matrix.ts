/**
 * counts[t][p] = items of true class t predicted as p (rows true, columns predicted,
 * as in sklearn). `indices` restricts (and may repeat) the items, for bootstrap resamples.
 */
export function computeConfusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
  indices?: ArrayLike<number>,
): number[][] {
  if (yTrue.length !== yPred.length) throw new RangeError('yTrue and yPred differ in length');
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const n = indices ? indices.length : yTrue.length;
  for (let j = 0; j < n; j++) {
    const i = indices ? indices[j]! : j;
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!(t >= 0 && t < numClasses && p >= 0 && p < numClasses)) throw new RangeError(`label out of range at item ${i}`);
    counts[t]![p]!++;
  }
  return counts;
}

/**
 * True until every class has at least `minLabelsPerClass` labels. Before that an
 * uncertainty score from a model that has never seen some class is noise, so the
 * caller samples randomly or for diversity instead. Pass only the classes the
 * project declares; a class nobody can find keeps the project in cold start,
 * which is what random sampling is for.
 */
export function isColdStart(labelCountsPerClass: ArrayLike<number>, minLabelsPerClass: number): boolean {
  if (labelCountsPerClass.length === 0) return true;
  for (let c = 0; c < labelCountsPerClass.length; c++) {
    if (labelCountsPerClass[c]! < minLabelsPerClass) return true;
  }
  return false;
}

export const DEFAULT_COLD_START_LABELS_PER_CLASS = 5;

export type ClassMetrics = {
  label: number;
  precision: number;
  recall: number;
  f1: number;
  /** Items whose true class is this one. */
  support: number;
  /** Items predicted as this class. */
  predicted: number;
  /** In y_true or y_pred; absent classes are left out of macro averages. */
  isPresent: boolean;
};

/**
 * sklearn definitions: precision = tp / (tp + fp), recall = tp / (tp + fn), each 0
 * when its denominator is 0 (sklearn's zero_division default), F1 = 0 when
 * precision + recall = 0.
 */
export function computeClassMetrics(confusion: readonly (readonly number[])[]): ClassMetrics[] {
  const k = confusion.length;
  return Array.from({ length: k }, (_, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((sum, v) => sum + v, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += confusion[t]![c]!;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label: c, precision, recall, f1, support, predicted, isPresent: support > 0 || predicted > 0 };
  });
}

/**
 * Unweighted mean F1 over classes present in y_true or y_pred, like sklearn's
 * f1_score(average='macro') with its default labels = unique_labels(y_true, y_pred).
 * A declared class nobody labeled or predicted would otherwise drag the average to 0
 * for reasons unrelated to the model. NaN when nothing is present (no items).
 */
export function computeMacroF1(classMetrics: readonly ClassMetrics[]): number {
  const present = classMetrics.filter((m) => m.isPresent);
  return present.length > 0 ? present.reduce((sum, m) => sum + m.f1, 0) / present.length : Number.NaN;
}

export function computeAccuracy(confusion: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, t) =>
    row.forEach((count, p) => {
      total += count;
      if (t === p) correct += count;
    }),
  );
  return total > 0 ? correct / total : Number.NaN;
}

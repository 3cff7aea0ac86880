/**
 * Labels a model contradicts, for the reviewer queue. Two signals:
 *
 * - Confident learning (Northcutt, Jiang & Chuang 2021): from out-of-fold probabilities,
 *   each class j gets a threshold t_j = mean p_j over the items labeled j (the model's
 *   typical self-confidence for that class). An item labeled i is counted under class
 *   j* = argmax { p_j : p_j ≥ t_j }; when j* ≠ i the label is likely wrong. Per-class
 *   thresholds make this work for a model that is under-confident on a hard class.
 * - Confident disagreement: the predicted class differs from the label with probability
 *   at least `minConfidence`, for labels the model never trained on.
 *
 * Both return the flagged rows with the most suspicious first (lowest probability of the
 * given label).
 */

export type LabelIssue = {
  index: number;
  /** The label the item has. */
  given: number;
  /** The class the model puts it in. */
  suggested: number;
  /** p(given label). */
  givenProbability: number;
  /** p(suggested class). */
  suggestedProbability: number;
};

export type FindLabelIssuesInput = {
  /** Row-major n×k out-of-fold probabilities. */
  probs: Float32Array;
  labels: Int32Array;
  numClasses: number;
};

/** Confident-learning thresholds: mean out-of-fold p_j over the items labeled j (NaN for a class nobody used). */
export function computeClassThresholds({ probs, labels, numClasses }: FindLabelIssuesInput): Float64Array {
  const sums = new Float64Array(numClasses);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    sums[label]! += probs[i * numClasses + label]!;
    counts[label]!++;
  }
  return sums.map((sum, c) => (counts[c]! > 0 ? sum / counts[c]! : Number.NaN));
}

export function findLabelIssues(input: FindLabelIssuesInput): LabelIssue[] {
  const { probs, labels, numClasses } = input;
  assertShape(probs, labels, numClasses);
  const thresholds = computeClassThresholds(input);
  const issues: LabelIssue[] = [];
  for (let i = 0; i < labels.length; i++) {
    const row = i * numClasses;
    let confident = -1;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[row + c]!;
      // A class nobody labeled has no threshold: it cannot be suggested.
      if (!(p >= thresholds[c]!)) continue;
      if (confident < 0 || p > probs[row + confident]!) confident = c;
    }
    const given = labels[i]!;
    if (confident >= 0 && confident !== given) {
      issues.push({ index: i, given, suggested: confident, givenProbability: probs[row + given]!, suggestedProbability: probs[row + confident]! });
    }
  }
  return sortBySuspicion(issues);
}

export function findConfidentDisagreements(input: FindLabelIssuesInput & { minConfidence: number }): LabelIssue[] {
  const { probs, labels, numClasses, minConfidence } = input;
  assertShape(probs, labels, numClasses);
  const issues: LabelIssue[] = [];
  for (let i = 0; i < labels.length; i++) {
    const row = i * numClasses;
    let top = 0;
    for (let c = 1; c < numClasses; c++) if (probs[row + c]! > probs[row + top]!) top = c;
    const given = labels[i]!;
    if (top !== given && probs[row + top]! >= minConfidence) {
      issues.push({ index: i, given, suggested: top, givenProbability: probs[row + given]!, suggestedProbability: probs[row + top]! });
    }
  }
  return sortBySuspicion(issues);
}

function sortBySuspicion(issues: LabelIssue[]): LabelIssue[] {
  return issues.sort((a, b) => a.givenProbability - b.givenProbability || a.index - b.index);
}

function assertShape(probs: Float32Array, labels: Int32Array, numClasses: number): void {
  if (probs.length !== labels.length * numClasses) throw new RangeError(`probs has ${probs.length} values, expected ${labels.length}×${numClasses}`);
  for (const label of labels) if (!(label >= 0 && label < numClasses)) throw new RangeError(`label ${label} outside [0, ${numClasses})`);
}

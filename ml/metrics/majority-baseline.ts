export type MajorityBaseline = {
  /** The most frequent class of the evaluation labels (lowest index on ties). */
  classIndex: number;
  /** Accuracy of always predicting it on those labels. */
  accuracy: number;
};

/** The majority-class baseline on a set of labels: what a model has to beat to be worth anything. */
export function computeMajorityBaseline(yTrue: ArrayLike<number>, numClasses: number): MajorityBaseline {
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]!]!++;
  let classIndex = 0;
  for (let c = 1; c < numClasses; c++) if (counts[c]! > counts[classIndex]!) classIndex = c;
  return { classIndex, accuracy: yTrue.length > 0 ? counts[classIndex]! / yTrue.length : Number.NaN };
}

import { computeClassIntervals, computePredictedLabels, evaluateClassifier, type ClassIntervals, type ClassifierEvaluation } from '../metrics';

export type ModelEvaluation = ClassifierEvaluation & {
  /** 95% bootstrap intervals of each class's precision, recall and F1, in class order. */
  perClassIntervals: ClassIntervals[];
};

/** Held-out metrics of one model version, every figure with a 95% bootstrap interval. */
export function evaluateModel({
  probs,
  yTrue,
  numClasses,
  seed,
  bootstrapSamples,
}: {
  probs: Float32Array;
  yTrue: Int32Array;
  numClasses: number;
  seed: number;
  bootstrapSamples?: number;
}): ModelEvaluation {
  const evaluation = evaluateClassifier({ yTrue, probs, numClasses, seed, bootstrapSamples });
  const perClassIntervals = computeClassIntervals({
    yTrue,
    yPred: computePredictedLabels(probs, numClasses),
    numClasses,
    seed,
    samples: bootstrapSamples,
  });
  return { ...evaluation, perClassIntervals };
}

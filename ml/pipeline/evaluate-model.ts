import { computeMajorityBaseline, type MajorityBaseline } from '../metrics/majority-baseline';
import { computeClassIntervals, computePredictedLabels, evaluateClassifier, type ClassIntervals, type ClassifierEvaluation } from '../metrics';

export type ModelCalibration = {
  /** Temperature dividing the logits, fitted by NLL on held-out predictions of the training labels (never the evaluation set). */
  temperature: number;
  /**
   * What T was fitted on: out-of-fold probabilities of `fitSize` training labels, or (a CNN, too
   * slow to cross-validate) the labels held out of its training for early stopping.
   */
  fittedOn: 'out-of-fold' | 'validation';
  fitSize: number;
  /** ECE on the evaluation set before and after scaling (`ece` holds the after value with its interval). */
  eceBefore: number;
  eceAfter: number;
};

export type ModelEvaluation = ClassifierEvaluation & {
  /** 95% bootstrap intervals of each class's precision, recall and F1, in class order. */
  perClassIntervals: ClassIntervals[];
  /** Always predicting the evaluation set's commonest class. */
  majorityBaseline: MajorityBaseline;
  /**
   * Accuracy strictly above the majority baseline. A version that fails this must not order
   * the queue (its uncertainty is noise) and is flagged in the UI.
   */
  beatsBaseline: boolean;
  /** Temperature scaling of this version; null when there were no held-out training predictions to fit it on. */
  calibration: ModelCalibration | null;
};

/** Held-out metrics of one model version, every figure with a 95% bootstrap interval, and its verdict against the majority-class baseline. */
export function evaluateModel({
  probs,
  yTrue,
  numClasses,
  seed,
  bootstrapSamples,
  calibration = null,
}: {
  probs: Float32Array;
  yTrue: Int32Array;
  numClasses: number;
  seed: number;
  bootstrapSamples?: number;
  calibration?: ModelCalibration | null;
}): ModelEvaluation {
  const evaluation = evaluateClassifier({ yTrue, probs, numClasses, seed, bootstrapSamples });
  const perClassIntervals = computeClassIntervals({
    yTrue,
    yPred: computePredictedLabels(probs, numClasses),
    numClasses,
    seed,
    samples: bootstrapSamples,
  });
  const majorityBaseline = computeMajorityBaseline(yTrue, numClasses);
  // An evaluation set of one class makes the baseline perfect: a perfect model ties it and still passes.
  const beatsBaseline = evaluation.accuracy.value > majorityBaseline.accuracy || evaluation.accuracy.value === 1;
  return { ...evaluation, perClassIntervals, majorityBaseline, beatsBaseline, calibration };
}

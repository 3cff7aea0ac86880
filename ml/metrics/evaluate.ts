import { bootstrapInterval, DEFAULT_BOOTSTRAP_SAMPLES, type Interval } from './bootstrap';
import { computeCalibration, DEFAULT_CALIBRATION_BINS, type CalibrationBin } from './calibration';
import { computeAccuracy, computeClassMetrics, computeMacroF1, type ClassMetrics } from './classification-report';
import { computeConfusionMatrix } from './confusion-matrix';
import { computePredictedLabels } from './predicted-labels';

export type MetricEstimate = { value: number; ci95: Interval };

export type ClassifierEvaluation = {
  n: number;
  accuracy: MetricEstimate;
  macroF1: MetricEstimate;
  perClass: ClassMetrics[];
  /** Rows true class, columns predicted. */
  confusion: number[][];
  ece: MetricEstimate & { bins: CalibrationBin[] };
};

export type EvaluateClassifierInput = {
  yTrue: Int32Array | readonly number[];
  /** Row-major n×k predicted probabilities. */
  probs: Float32Array;
  numClasses: number;
  seed: number;
  bootstrapSamples?: number;
  calibrationBins?: number;
};

/**
 * Held-out evaluation of a classifier with 95% percentile-bootstrap intervals over
 * items. Throws on an empty evaluation set: there is nothing to report.
 */
export function evaluateClassifier({
  yTrue,
  probs,
  numClasses,
  seed,
  bootstrapSamples = DEFAULT_BOOTSTRAP_SAMPLES,
  calibrationBins = DEFAULT_CALIBRATION_BINS,
}: EvaluateClassifierInput): ClassifierEvaluation {
  const n = yTrue.length;
  if (n === 0) throw new RangeError('cannot evaluate on zero items');
  if (probs.length !== n * numClasses) throw new RangeError(`probs has ${probs.length} values, expected ${n}×${numClasses}`);
  const yPred = computePredictedLabels(probs, numClasses);
  const confidences = new Float32Array(n);
  const isCorrect = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    confidences[i] = probs[i * numClasses + yPred[i]!]!;
    isCorrect[i] = yPred[i] === yTrue[i] ? 1 : 0;
  }

  const confusion = computeConfusionMatrix(yTrue, yPred, numClasses);
  const perClass = computeClassMetrics(confusion);
  const calibration = computeCalibration(confidences, isCorrect, calibrationBins);
  const options = { samples: bootstrapSamples, seed };

  return {
    n,
    accuracy: {
      value: computeAccuracy(confusion),
      ci95: bootstrapInterval(n, (idx) => idx.reduce((sum, i) => sum + isCorrect[i]!, 0) / idx.length, options),
    },
    macroF1: {
      value: computeMacroF1(perClass),
      ci95: bootstrapInterval(n, (idx) => computeMacroF1(computeClassMetrics(computeConfusionMatrix(yTrue, yPred, numClasses, idx))), options),
    },
    perClass,
    confusion,
    ece: {
      value: calibration.ece,
      ci95: bootstrapInterval(n, (idx) => computeCalibration(confidences, isCorrect, calibrationBins, idx).ece, options),
      bins: calibration.bins,
    },
  };
}

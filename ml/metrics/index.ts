export { bootstrapInterval, computeQuantile, DEFAULT_BOOTSTRAP_SAMPLES, type BootstrapOptions, type Interval } from './bootstrap';
export { computeClassIntervals, type ClassIntervals } from './class-intervals';
export { computeCalibration, DEFAULT_CALIBRATION_BINS, type Calibration, type CalibrationBin } from './calibration';
export { computeAccuracy, computeClassMetrics, computeMacroF1, type ClassMetrics } from './classification-report';
export { computeConfusionMatrix } from './confusion-matrix';
export { evaluateClassifier, type ClassifierEvaluation, type EvaluateClassifierInput, type MetricEstimate } from './evaluate';
export { computePredictedLabels } from './predicted-labels';

// The public surface of ml/multilabel (issue 16, multi-label text classification), for the services and the worker.
export { applyLabelThresholds } from './apply-label-thresholds';
export { decideFinalLabelSet, type TFinalLabelSetDecision } from './decide-final-label-set';
export { fitLabelTemperatures, MIN_CALIBRATION_CLASS_SIZE } from './fit-label-temperatures';
export { DEFAULT_SIGMOID_C, fitOneVsRestLogistic, type FitOneVsRestOptions, type SigmoidWeights } from './fit-one-vs-rest-logistic';
export { computeMultilabelBaseline, evaluateMultilabelModel, type TMultilabelBaseline, type TMultilabelEvaluation } from './evaluate-multilabel-model';
export { decodeLabelSets, encodeLabelSets } from './label-matrix';
export { isMultilabelColdStart } from './multilabel-cold-start';
export { createMultilabelPoolScorer } from './multilabel-pool-scorer';
export { computePairwiseMicroF1, createPairwiseMicroF1Metric } from './pairwise-micro-f1';
export { simulateMultilabelStrategies, validateMultilabelSimulation, type TMultilabelSimulationInput } from './simulate-multilabel-strategies';
export { trainMultilabelModel, type TMultilabelTrainProgress, type TrainedMultilabelModel, type TrainMultilabelModelInput, type TSigmoidWarmStart } from './train-multilabel-model';
export { PRESENCE_CATEGORIES, reduceToLabelPresence } from './label-presence-ratings';
export { indexLabelSetRatings, type TLabelSetIndex, type TLabelSetIndexOptions, type TLabelSetRating } from './label-set-ratings';
export { computeMultilabelAgreementReport, type TMultilabelAgreementOptions, type TMultilabelAgreementReport } from './multilabel-agreement-report';
export { computeMultilabelMetrics, type TMultilabelMetrics } from './multilabel-metrics';
export {
  DEFAULT_MULTILABEL_STRATEGY,
  isMultilabelSamplingStrategyId,
  MULTILABEL_SAMPLING_STRATEGIES,
  scoreMultilabelPool,
  type MultilabelSamplingStrategyId,
  type ScoreMultilabelPoolInput,
} from './multilabel-strategies';
export { computePerLabelAgreement, type TLabelAgreement, type TPerLabelAgreementOptions } from './per-label-agreement';
export { scoreMeanBinaryEntropy } from './score-mean-binary-entropy';
export { scoreThresholdProximity } from './score-threshold-proximity';
export { computeJaccardDistance, computeMasiDistance, NLTK_MASI_WEIGHTS, PASSONNEAU_MASI_WEIGHTS, type TMasiWeights, type TSetDistance } from './set-distances';
export { computeAlphaWithDistances, computeSetDistances, computeSetKrippendorffAlpha, createSetAlphaMetric } from './set-krippendorff-alpha';
export { buildSigmoidModel, computeSigmoidProbabilities, predictLabelProbabilities, readSigmoidWeights } from './sigmoid-model';
export {
  DEFAULT_MULTILABEL_FOLDS,
  MIN_ROWS_PER_FOLD,
  trainMultilabelClassifier,
  type TMultilabelModelMetadata,
  type TrainedMultilabelClassifier,
  type TrainMultilabelOptions,
} from './train-multilabel-classifier';
export { DEFAULT_LABEL_THRESHOLD, MIN_THRESHOLD_CLASS_SIZE, tuneLabelThresholds, type TLabelThreshold } from './tune-label-thresholds';
export { voteLabelMajority, type TLabelMajority } from './vote-label-majority';

// The public surface of ml/agreement, for the CLI and the web UI.
export {
  computeBootstrapCi,
  computeBootstrapCis,
  DEFAULT_BOOTSTRAP_SAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  type TBootstrapInterval,
  type TBootstrapOptions,
  type TMetricFunction,
} from './bootstrap';
export {
  computeCohenKappa,
  computeCohenKappaFromTable,
  computePairwiseCohenKappa,
  type TCohenKappa,
  type TCohenOptions,
  type TCohenPair,
  type TKappaWeighting,
  type TPairwiseCohenKappa,
} from './cohen-kappa';
export { collapseRatingIndex, type TCollapsedRatings } from './collapse';
export { getConsensusLabel, getItemPosterior, pickConsensusCategory, type TConsensus } from './consensus';
export { aggregateDawidSkene, type TAnnotatorQuality, type TDawidSkeneOptions, type TDawidSkeneResult } from './dawid-skene';
export { computeFleissKappa } from './fleiss-kappa';
export { computeGwetAC1 } from './gwet-ac1';
export { computeKrippendorffAlpha, type TAlphaMetric, type TKrippendorffOptions } from './krippendorff-alpha';
export { aggregateMajorityVote } from './majority-vote';
export type { TAgreementCoefficient, TDisagreementCoefficient, TMetric, TMetricEstimate, TMetricUnavailable } from './metric';
export { computePercentAgreement } from './percent-agreement';
export { indexRatingCodes, indexRatings, RatingInputError, weightRatingIndex, type TRatingCodes, type TIndexOptions, type TRating, type TRatingIndex, type TRatingsInput } from './ratings';
export { analyzeAgreement, computeAgreementReport, type TAgreementAnalysis, type TAgreementReport, type TAgreementReportOptions, type TReportedMetric } from './report';
export { computeWilsonInterval } from './wilson-interval';

import type { RouterOutputs } from '@/app/_lib/router-types';

/** The pieces of `quality.report` the sections draw. */
export type TQualityReport = RouterOutputs['quality']['report'];
export type TQualitySnapshot = NonNullable<TQualityReport['snapshot']>;
export type TAnnotatorQualityRow = TQualitySnapshot['annotators'][number];
export type TProportion = TAnnotatorQualityRow['goldAccuracy'];
export type TDailyActivityRow = TQualitySnapshot['dailyActivity'][number];
export type TLabelDistributionRow = TQualitySnapshot['labelDistribution'][number];
export type TAgreementOverTime = TQualitySnapshot['agreementOverTime'];
export type TAgreementOverTimePoint = TAgreementOverTime['points'][number];
export type TAgreement = TQualitySnapshot['agreement'];
export type TCohenPair = TAgreement['cohen_kappa_pairwise'][number];
export type TQualitySimulation = NonNullable<TQualityReport['simulation']>;
export type TSimulatedStrategy = TQualitySimulation['strategies'][number];

import type { RouterOutputs } from '@/app/_lib/router-types';

/** The pieces of the `models` procedures the model page draws. */
export type TLearningOverview = RouterOutputs['models']['overview'];
export type TLearningSettings = TLearningOverview['settings'];
export type TEvalSetSummary = TLearningOverview['evalSet'];
export type TModelVersionSummary = RouterOutputs['models']['versions'][number];
export type TModelVersionDetail = RouterOutputs['models']['compare']['a'];
export type TSimulationSummary = RouterOutputs['models']['simulations'][number];
export type TSimulationResult = NonNullable<TSimulationSummary['result']>;

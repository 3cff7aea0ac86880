import type { SamplingStrategyId } from '../sampling/strategies';
import type { TTokenUncertainty } from './score-span-uncertainty';

/**
 * The strategies that can order a span project's queue: the BIO tagger gives one class
 * distribution per token, so least confidence, margin and entropy apply token by token (then
 * aggregated per item, score-span-uncertainty.ts), and random needs nothing. BALD needs MC-dropout
 * samples and query by committee a committee of taggers; neither exists for spans.
 */
export const SPAN_SAMPLING_STRATEGIES = ['random', 'least_confidence', 'margin', 'entropy'] as const satisfies readonly SamplingStrategyId[];
export type TSpanSamplingStrategy = (typeof SPAN_SAMPLING_STRATEGIES)[number];

export function isSpanSamplingStrategy(strategy: string): strategy is TSpanSamplingStrategy {
  return (SPAN_SAMPLING_STRATEGIES as readonly string[]).includes(strategy);
}

/** The token measure a span strategy ranks by; null for random. */
export function getTokenUncertainty(strategy: TSpanSamplingStrategy): TTokenUncertainty | null {
  return strategy === 'random' ? null : strategy;
}

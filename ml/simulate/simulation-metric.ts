/**
 * What a simulation's curves measure. Its own module, free of tfjs, so the pages that name it can
 * import it.
 */
export type SimulationMetric = 'accuracy' | 'micro_f1' | 'span_f1';

/** Each metric in words, for curves, recommendations and reports. */
export const SIMULATION_METRIC_NAMES: Record<SimulationMetric, string> = { accuracy: 'accuracy', micro_f1: 'micro-F1', span_f1: 'span F1 (exact)' };

import { averageCurves, computeAulc, findLabelsToAccuracy, findLabelsToReach, interpolateAccuracy, type CurvePoint } from './learning-curve';
import type { SimulationShape } from './prepare-simulation';
import { recommendStrategy } from './recommend';
import { countClasses, type SimulationTaskOutcome } from './run-simulation-task';
import { countSimulationItems, DEFAULT_ACCURACY_AT, pickOptions, type SimulationInput, type SimulationResult, type StrategyOutcome } from './simulation-settings';
import { summarizeSeeds } from './summarize-seeds';

/**
 * The simulation's result from the outcomes of all its tasks, in whatever order they
 * finished: curves and labels to 95% per strategy and seed, each judged against its own
 * seed's full-data accuracy, and the recommendation.
 */
export function summarizeSimulation(input: Omit<SimulationInput, 'onProgress'>, shape: SimulationShape, outcomes: readonly SimulationTaskOutcome[], seconds: number): SimulationResult {
  const { byStrategy, fullAccuracies } = summarizeStrategyRuns(input, outcomes);
  const numClasses = input.classNames.length;
  return {
    dataset: { items: countSimulationItems(input), classes: [...input.classNames], classCounts: countClasses(input.labels, numClasses), evalSize: shape.evalSize, poolSize: shape.poolSize },
    settings: { ...pickOptions(input), dim: shape.dim, budget: shape.budget, features: shape.features },
    metric: 'accuracy',
    strategies: byStrategy,
    full_accuracy_per_seed: fullAccuracies,
    recommendation: recommendStrategy(byStrategy),
    seconds,
  };
}

/** One run's outcome: a seed's full-data score (strategy null) or a strategy's curve on that seed. */
export type TStrategyRunOutcome = { seed: number; strategy: string | null; fullAccuracy: number | null; curve: CurvePoint[] | null };

/**
 * Per strategy, from every seed's runs: the mean curve, its area, labels to 95% of full data (on
 * the mean curve and per seed against that seed's own full-data score), labels to the absolute
 * target and the score at fixed label counts. `accuracy` is whatever the runs measure (accuracy
 * for single-label models, micro-F1 for multi-label ones).
 */
export function summarizeStrategyRuns(
  input: { strategies: readonly string[]; seeds: number; targetAccuracy?: number | null; accuracyAt?: readonly number[] },
  outcomes: readonly TStrategyRunOutcome[],
): { byStrategy: Record<string, StrategyOutcome>; fullAccuracies: number[] } {
  const { strategies, seeds } = input;
  const fullAccuracies = Array.from({ length: seeds }, (_, seed) => {
    const accuracy = outcomes.find((o) => o.seed === seed && o.strategy === null)?.fullAccuracy;
    if (accuracy === undefined || accuracy === null) throw new Error(`seed ${seed + 1} has no full-data model`);
    return accuracy;
  });
  const runs = new Map<string, CurvePoint[][]>(
    strategies.map((strategy) => [
      strategy,
      Array.from({ length: seeds }, (_, seed) => {
        const curve = outcomes.find((o) => o.seed === seed && o.strategy === strategy)?.curve;
        if (!curve) throw new Error(`seed ${seed + 1} has no run of ${strategy}`);
        return curve;
      }),
    ]),
  );

  const fullAccuracy = fullAccuracies.reduce((a, b) => a + b, 0) / fullAccuracies.length;
  const accuracyAt = input.accuracyAt ?? DEFAULT_ACCURACY_AT;
  const target = input.targetAccuracy ?? null;
  const perSeed95 = (strategy: string) => runs.get(strategy)!.map((curve, s) => findLabelsToReach(curve, fullAccuracies[s]!));
  const random95 = strategies.includes('random') ? perSeed95('random') : null;
  const byStrategy: Record<string, StrategyOutcome> = {};
  for (const strategy of strategies) {
    const curve = averageCurves(runs.get(strategy)!);
    const labels95 = perSeed95(strategy);
    const labelsTarget = target === null ? [] : runs.get(strategy)!.map((c) => findLabelsToAccuracy(c, target));
    byStrategy[strategy] = {
      curve,
      aulc: computeAulc(curve),
      labels_to_95: findLabelsToReach(curve, fullAccuracy),
      full_accuracy: fullAccuracy,
      labels_to_95_per_seed: labels95,
      labels_to_95_summary: summarizeSeeds(labels95),
      labels_to_target_per_seed: labelsTarget,
      labels_to_target_summary: target === null ? null : summarizeSeeds(labelsTarget),
      accuracy_at: Object.fromEntries(accuracyAt.map((n) => [String(n), interpolateAccuracy(curve, n)])),
      ratio_to_random_per_seed: random95 ? labels95.map((l, s) => (l !== null && random95[s] ? l / random95[s]! : null)) : null,
    };
  }
  return { byStrategy, fullAccuracies };
}

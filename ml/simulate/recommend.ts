export type StrategyRecommendation = {
  strategy: string;
  /** Why, in one sentence a data scientist can act on. */
  reason: string;
  labelsTo95: number | null;
  randomLabelsTo95: number | null;
  /** randomLabelsTo95 / labelsTo95 when both are known: how many times fewer labels than random. */
  savingsFactor: number | null;
};

type Outcome = { aulc: number | null; labels_to_95: number | null; full_accuracy: number };

/**
 * The strategy that reaches 95% of full-data accuracy (or `metricName`: micro-F1 for a multi-label
 * simulation) with the fewest labels; ties, and
 * the case where none gets there within the budget, go to the larger area under the
 * learning curve (better accuracy on average along the way).
 */
export function recommendStrategy(outcomes: Record<string, Outcome>, metricName = 'accuracy'): StrategyRecommendation | null {
  const entries = Object.entries(outcomes);
  if (entries.length === 0) return null;
  const reached = entries.filter(([, o]) => o.labels_to_95 !== null);
  const byAulc = (a: [string, Outcome], b: [string, Outcome]) => (b[1].aulc ?? -1) - (a[1].aulc ?? -1);
  const [strategy, outcome] = reached.length > 0
    ? reached.sort((a, b) => a[1].labels_to_95! - b[1].labels_to_95! || byAulc(a, b))[0]!
    : entries.sort(byAulc)[0]!;
  const randomLabels = outcomes.random?.labels_to_95 ?? null;
  const savingsFactor = outcome.labels_to_95 !== null && randomLabels !== null ? randomLabels / outcome.labels_to_95 : null;
  // Both numbers, each named: "(94.2%)" after "full-data accuracy" read as the full-data accuracy itself.
  const target = `${formatPercent(0.95 * outcome.full_accuracy)} ${metricName} (95% of the ${formatPercent(outcome.full_accuracy)} a model trained on all the data reaches)`;
  let reason: string;
  if (outcome.labels_to_95 === null) {
    reason = `No strategy reached ${target} within the budget; ${strategy} had the best ${metricName} along the way.`;
  } else if (strategy === 'random') {
    reason = `Random sampling reached ${target} first, with ${outcome.labels_to_95} labels: uncertainty sampling did not pay off on this data.`;
  } else if (savingsFactor !== null && savingsFactor < 1.05) {
    reason = `${strategy} reached ${target} with ${outcome.labels_to_95} labels, about as many as random (${randomLabels}), and had the better ${metricName} along the way.`;
  } else if (savingsFactor !== null) {
    reason = `${strategy} reached ${target} with ${outcome.labels_to_95} labels, ${savingsFactor.toFixed(1)}× fewer than random (${randomLabels}).`;
  } else if (outcomes.random) {
    reason = `${strategy} reached ${target} with ${outcome.labels_to_95} labels; random did not get there within the budget.`;
  } else {
    reason = `${strategy} reached ${target} with the fewest labels (${outcome.labels_to_95}).`;
  }
  return { strategy, reason, labelsTo95: outcome.labels_to_95, randomLabelsTo95: randomLabels, savingsFactor };
}

function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

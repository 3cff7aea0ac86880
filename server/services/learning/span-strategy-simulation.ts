import { isSpanSamplingStrategy } from '@/ml/spans/span-strategies';
import type { SimulationResult } from '@/ml/simulate/simulation-settings';
import type { TProjectDetail } from '@/server/services/projects/projects';
import type { TJobRunContext } from './job-context';
import type { TSimulationSettings } from './simulation-job-settings';
import { loadSpanGoldItems } from './span-training-data';

/**
 * A span project's strategy simulation (strategy-simulation.ts hands it over by task type): the
 * gold span sets replay labeling through the BIO tagger (ml/simulate/run-span-simulation.ts). The
 * result has the text simulator's shape, its curves in exact span F1 (`metric` names it), so the
 * model page draws and ranks it the same way.
 */
export async function runSpanSimulationJob(ctx: TJobRunContext, project: TProjectDetail, settings: TSimulationSettings, maxItems: number): Promise<Record<string, unknown>> {
  const labelIds = project.labels.map((label) => label.id);
  const gold = await loadSpanGoldItems(ctx.db, project.id, labelIds, maxItems);
  ctx.reportProgress({ stage: 'loading', items: gold.texts.length });
  const result: SimulationResult = await ctx.compute.simulateSpans(
    {
      texts: gold.texts,
      spans: gold.spans,
      labelIds,
      labelNames: project.labels.map((label) => label.name),
      // Settings validation has refused the others (findStrategyModelConflict on the bio-tagger).
      strategies: settings.strategies.filter(isSpanSamplingStrategy),
      budget: settings.budget,
      batchSize: settings.batchSize,
      seeds: settings.seeds,
      evalFraction: settings.evalFraction,
      seed: ctx.job.id,
    },
    (progress) => ctx.reportProgress({ stage: 'simulating', ...progress }),
  );
  return { ...result, source: { kind: 'project', projectId: project.id, sampled: gold.total > gold.texts.length, goldItems: gold.total } } as unknown as Record<string, unknown>;
}

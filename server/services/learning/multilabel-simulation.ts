import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { isMultilabelSamplingStrategyId } from '@/ml/multilabel/multilabel-strategies';
import type { TProjectDetail } from '@/server/services/projects/projects';
import { loadGoldLabelSets } from './multilabel-training-data';
import type { TJobRunContext } from './job-context';
import type { TSimulationSettings } from './simulation-job-settings';

/** Items with a gold label set, and labels that some of those sets hold and some do not (a simulation needs one). */
export async function countGoldLabelSets(db: Database, projectId: number): Promise<{ total: number; varyingLabels: number }> {
  const result = await db.execute<{ total: string | number; varying: string | number }>(sql`
    with gold as (select gold_value -> 'labelIds' as label_ids from items where project_id = ${projectId} and gold_value ? 'labelIds'),
    per_label as (select jsonb_array_elements_text(label_ids) as label_id, count(*) as n from gold group by 1)
    select (select count(*) from gold) as total,
      (select count(*) from per_label where n < (select count(*) from gold)) as varying`);
  return { total: Number(result.rows[0]!.total), varyingLabels: Number(result.rows[0]!.varying) };
}

/**
 * The strategy simulation of a multi-label project (strategy-simulation.ts dispatches here): the
 * gold label sets (sampled down to `maxItems`) replayed with the multi-label strategies, the sigmoid
 * model trained each round. The result has the single-label result's shape, with micro-F1 in the
 * curves (`metric: 'micro_f1'`), so the model page and the quality report draw it the same way.
 */
export async function runMultilabelSimulationJob(
  ctx: TJobRunContext,
  project: TProjectDetail,
  settings: TSimulationSettings,
  { maxItems }: { maxItems: number },
): Promise<Record<string, unknown>> {
  const labelIds = project.labels.map((label) => label.id);
  const gold = await loadGoldLabelSets(ctx.db, project.id, labelIds, { limit: maxItems });
  ctx.reportProgress({ stage: 'loading', items: gold.itemIds.length });
  const result = await ctx.compute.simulateMultilabel(
    {
      texts: gold.texts,
      targets: gold.targets,
      labelNames: project.labels.map((label) => label.name),
      // Checked against the sigmoid model by the settings: multi-label strategies only.
      strategies: settings.strategies.filter(isMultilabelSamplingStrategyId),
      budget: settings.budget,
      batchSize: settings.batchSize,
      seeds: settings.seeds,
      evalFraction: settings.evalFraction,
      diversity: settings.diversity,
      explorationShare: settings.explorationShare,
      seed: ctx.job.id,
    },
    (progress) => ctx.reportProgress({ stage: 'simulating', ...progress }),
  );
  return { ...result, source: { kind: 'project', projectId: project.id, sampled: gold.total > gold.itemIds.length, goldItems: gold.total } } as unknown as Record<string, unknown>;
}

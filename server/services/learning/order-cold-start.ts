import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { DEFAULT_FEATURIZER_OPTIONS } from '@/ml/features/featurizer';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import type { TCompute } from './compute';
import { hasReadyModelVersion } from './model-versions';
import { computeHeadSize, REPRESENTATIVE_SAMPLE, toPgArray } from './rescore-pool';

/**
 * The queue of a project no model has ordered yet (after an import): k-means representatives of
 * a sample of the open items go to the head, in the order chosen, above every other open item, so
 * the first batch covers the pool's topics; the rest keep the import's random order. A version,
 * once trained, rescores and reorders everything.
 */
export async function orderColdStart(
  db: Database,
  compute: TCompute,
  { projectId, settings, seed }: { projectId: number; settings: TProjectSettings; seed: number },
): Promise<Record<string, unknown>> {
  if (await hasReadyModelVersion(db, projectId)) return { skipped: true, reason: 'A model version orders the queue' };
  if (settings.samplingStrategy === 'random') return { skipped: true, reason: 'The random strategy keeps a random order' };
  // The import's priorities are a hash of the content: the highest are a random sample, and the ones served first anyway.
  const sample = await db.execute<{ id: number | string; text: string }>(sql`
    select id, text from items
    where project_id = ${projectId} and status = 'open' and not is_eval and not is_gold_check
    order by priority desc, id limit ${REPRESENTATIVE_SAMPLE}`);
  const rows = sample.rows;
  const headSize = computeHeadSize(rows.length, settings.retrainEvery);
  if (headSize === 0) return { ordered: 0, sampled: 0 };
  const picks = await compute.selectColdStartBatch(
    rows.map((row) => row.text),
    headSize,
    DEFAULT_FEATURIZER_OPTIONS,
    seed,
  );
  const ids = picks.map((p) => Number(rows[p]!.id));
  // Above every open item, first pick highest; items labeled meanwhile keep their state.
  await db.execute(sql`
    with top as (select coalesce(max(priority), 0) as value from items where project_id = ${projectId} and status = 'open')
    update items set priority = top.value + u.rank
    from top, unnest(${toPgArray(ids)}::bigint[], ${toPgArray(ids.map((_, i) => ids.length - i))}::real[]) as u(id, rank)
    where items.id = u.id and items.project_id = ${projectId} and items.status = 'open'`);
  return { ordered: ids.length, sampled: rows.length };
}

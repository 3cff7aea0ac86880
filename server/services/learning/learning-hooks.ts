import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { hasReadyModelVersion } from './model-versions';

/**
 * Called after `changes` human labels changed in a project (submissions, an undo, a review decision),
 * outside the transaction that changed them. Counts the change in the project's learning
 * state (one narrow row, no count over the items) and, every `retrainEvery` changes,
 * queues a training. Two statements on the hot path; the count is a trigger, not a ledger:
 * the training itself reads the labels as they are.
 */
export async function onLabelsChanged(db: Database, projectId: number, changes = 1): Promise<{ isTrainingQueued: boolean }> {
  const bumped = await db.execute<{ labels_since_trigger: number; settings: unknown }>(sql`
    with bumped as (
      insert into learning_state (project_id, labels_since_trigger, updated_at) values (${projectId}, ${changes}, now())
      on conflict (project_id) do update
        set labels_since_trigger = learning_state.labels_since_trigger + ${changes}, updated_at = now()
      returning labels_since_trigger
    )
    select b.labels_since_trigger, p.settings from bumped b join projects p on p.id = ${projectId}`);
  const row = bumped.rows[0];
  if (!row) return { isTrainingQueued: false };
  const { retrainEvery } = parseProjectSettings(row.settings);
  if (row.labels_since_trigger < retrainEvery) return { isTrainingQueued: false };
  // Only one concurrent caller gets to reset the counter, so a burst queues one request; the changes
  // beyond the threshold (a batched bump) count towards the next one.
  const claimed = await db.execute(sql`
    update learning_state set labels_since_trigger = labels_since_trigger % ${retrainEvery}, updated_at = now()
    where project_id = ${projectId} and labels_since_trigger >= ${retrainEvery}
    returning project_id`);
  if (claimed.rows.length === 0) return { isTrainingQueued: false };
  await enqueueTraining(db, { projectId, mode: 'train', reason: 'labels' });
  await wakeWorkers(db);
  return { isTrainingQueued: true };
}

/** Label changes counted since training was last queued by labels (for the model page). */
export async function getLabelsSinceTrigger(db: Database, projectId: number): Promise<number> {
  const result = await db.execute<{ labels_since_trigger: number }>(sql`select labels_since_trigger from learning_state where project_id = ${projectId}`);
  return result.rows[0]?.labels_since_trigger ?? 0;
}

/**
 * Called after an import added items. While the project has no model version, nothing but the
 * import's random order decides what is labeled first: queue the cold-start ordering, which puts
 * k-means representatives of the pool at the head so the first labels cover its topics. Once a
 * version exists, its rescoring orders new items. `settleMs` waits for the rest of a burst (a
 * browser uploads images one request each): the uploads that arrive meanwhile join one ordering.
 */
export async function onItemsImported(db: Database, projectId: number, { settleMs = 0 }: { settleMs?: number } = {}): Promise<void> {
  if (await hasReadyModelVersion(db, projectId)) return;
  await enqueueTraining(db, { projectId, mode: 'order', reason: 'import', delayMs: settleMs });
  if (settleMs === 0) await wakeWorkers(db);
}

import { eq, sql } from 'drizzle-orm';
import { projects } from '@/db/schema';
import type { ClassifierKind } from '@/ml/model-kinds';
import type { TActor } from '@/server/auth/actor';
import type { TDecisionPolicy } from '@/server/services/decisions/decision-policy';
import { updateLearningSettings } from '@/server/services/learning/learning-settings';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import type { TTestHarness } from './harness';
import { labelItems, seedLearningItems, type TSeededItem } from './learning-fixtures';

/**
 * A project with a trained model, for the decision API: synthetic two-topic items, most labeled,
 * a fifth in the evaluation set, one training run through the real worker.
 */
export async function createProjectWithModel(
  harness: TTestHarness,
  owner: TActor,
  slug: string,
  { kind = 'softmax', count = 150 }: { kind?: ClassifierKind; count?: number } = {},
): Promise<{ projectId: number; seeded: TSeededItem[] }> {
  const { id: projectId } = await harness.createProjectAs(owner, slug, ['spam', 'ham']);
  if (kind !== 'softmax') await updateLearningSettings(harness.db, owner, projectId, { modelKind: kind, samplingStrategy: 'margin' });
  const { items: seeded, labelIds } = await seedLearningItems(harness.db, projectId, { count, seed: 7, signal: 0.8 });
  const evalCount = Math.floor(count / 5);
  await harness.db.execute(sql`update items set is_eval = true where id in (${sql.join(seeded.slice(0, evalCount).map((i) => sql`${i.id}`), sql`, `)})`);
  await labelItems(harness.db, seeded.slice(0, Math.floor(count * 0.7)).map((item) => ({ id: item.id, labelId: labelIds[item.label]! })));
  await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'test' });
  const compute = createInlineCompute();
  try {
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
  } finally {
    await compute.close();
  }
  return { projectId, seeded };
}

/** Replaces fields of the project's decision policy (the settings form's job, done directly). */
export async function setDecisionPolicy(harness: TTestHarness, projectId: number, patch: Partial<TDecisionPolicy>): Promise<void> {
  const [row] = await harness.db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  const settings = (row?.settings ?? {}) as Record<string, unknown>;
  const policy = { ...((settings.decisionPolicy as Record<string, unknown> | undefined) ?? {}), ...patch };
  await harness.db.update(projects).set({ settings: { ...settings, decisionPolicy: policy } }).where(eq(projects.id, projectId));
}

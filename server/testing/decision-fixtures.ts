import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, decisionWebhooks, projects, thresholdCertificates } from '@/db/schema';
import type { ClassifierKind } from '@/ml/model-kinds';
import type { TActor } from '@/server/auth/actor';
import { appendDecisionLog } from '@/server/services/decisions/append-decision-log';
import { loadCasePredictor } from '@/server/services/decisions/case-predictor';
import { ZDecisionPolicy, type TDecisionPolicy } from '@/server/services/decisions/decision-policy';
import { hashDecisionInput } from '@/server/services/decisions/hash-decision-input';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { updateLearningSettings } from '@/server/services/learning/learning-settings';
import { startMonitor } from '@/server/services/oversight/start-monitor';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import type { TTestHarness } from './harness';
import { labelItems, seedLearningItems, type TSeededItem } from './learning-fixtures';

/** Test helpers for the decision tests: cases inserted directly (with their 'received' log entry), policies patched in place. */

export type TSeedDecision = Partial<Omit<typeof decisions.$inferInsert, 'projectId' | 'policy'>> & { policy?: Partial<TDecisionPolicy> };

export async function insertDecision(db: Database, projectId: number, spec: TSeedDecision = {}): Promise<typeof decisions.$inferSelect> {
  const text = spec.text ?? `case ${randomUUID()}`;
  const payload = spec.payload ?? null;
  const policy = ZDecisionPolicy.parse(spec.policy ?? {});
  const values = {
    id: `dec_${randomUUID().replaceAll('-', '')}`,
    requestHash: randomUUID(),
    inputHash: hashDecisionInput(text, payload),
    status: 'pending' as const,
    route: 'human' as const,
    routeReason: 'below_threshold',
    predictedLabel: 'positive',
    probability: 0.6,
    probabilities: { positive: 0.6, negative: 0.4 },
    ...spec,
    text,
    payload,
    policy,
    projectId,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(decisions).values(values).returning();
    if (!row) throw new Error('decision insert returned nothing');
    await appendDecisionLog(tx, projectId, [{ decisionId: row.id, event: 'received', body: { route: row.route, routeReason: row.routeReason, inputHash: row.inputHash } }]);
    return row;
  });
}

export async function setDecisionPolicy(db: Database, projectId: number, patch: Partial<TDecisionPolicy>): Promise<void> {
  const [row] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  const settings = parseProjectSettings(row?.settings);
  await db
    .update(projects)
    .set({ settings: { ...settings, decisionPolicy: { ...settings.decisionPolicy, ...patch } } })
    .where(eq(projects.id, projectId));
}

export type TTestCertificate = typeof thresholdCertificates.$inferSelect;

/**
 * A certificate row written directly, with placeholder evidence that any field of `spec` replaces:
 * for tests that need a certificate to exist, not tests of certification (certifyModelVersion).
 */
export async function insertTestCertificate(db: Database, projectId: number, spec: Partial<typeof thresholdCertificates.$inferInsert> = {}): Promise<TTestCertificate> {
  const [row] = await db
    .insert(thresholdCertificates)
    .values({
      modelHash: 'test',
      form: 'error',
      alpha: 0.05,
      delta: 0.05,
      gridStep: 0.001,
      coverage: 0.5,
      n: 300,
      k: 0,
      upperBound: 0.01,
      calibrationSize: 600,
      calibration: { evalItems: 600, liveCases: 0, from: null, to: null, dataHash: null },
      curve: [],
      ...spec,
      projectId,
    })
    .returning();
  return row!;
}

/**
 * An approved certificate for the project's current model with the given threshold (placeholder
 * evidence): for tests of routing, not of certification. The real path is certifyModelVersion +
 * approveCertificate (server/services/oversight).
 */
export async function approveTestCertificate(
  db: Database,
  projectId: number,
  { threshold = null, labelThresholds = null, alpha = 0.05, delta = 0.05 }: { threshold?: number | null; labelThresholds?: Record<string, number | null> | null; alpha?: number; delta?: number } = {},
): Promise<number> {
  const predictor = await loadCasePredictor(db, projectId);
  if (!predictor) throw new Error('approveTestCertificate: the project has no model');
  await db.update(thresholdCertificates).set({ status: 'retired', retiredAt: new Date() }).where(sql`${thresholdCertificates.projectId} = ${projectId} and ${thresholdCertificates.status} = 'approved'`);
  const row = await insertTestCertificate(db, projectId, {
    modelVersionId: predictor.modelVersionId,
    modelHash: predictor.modelHash,
    form: labelThresholds ? 'per_label' : 'error',
    alpha,
    delta,
    threshold,
    labelThresholds,
    status: 'approved',
    approvedAt: new Date(),
  });
  // As approval does: the monitor starts over on the new certificate.
  await startMonitor(db, projectId, row.id);
  return row.id;
}

/** A project webhook URL, so settling a case queues a delivery the test can read back. */
export async function setDecisionWebhookUrl(db: Database, projectId: number, url: string): Promise<void> {
  await db.insert(decisionWebhooks).values({ projectId, url, secretEncrypted: 'test-only' }).onConflictDoUpdate({ target: decisionWebhooks.projectId, set: { url } });
}

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

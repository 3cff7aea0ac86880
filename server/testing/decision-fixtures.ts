import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, decisionWebhooks, projects } from '@/db/schema';
import { appendDecisionLog } from '@/server/services/decisions/append-decision-log';
import { ZDecisionPolicy, type TDecisionPolicy } from '@/server/services/decisions/decision-policy';
import { hashDecisionInput } from '@/server/services/decisions/hash-decision-input';
import { parseProjectSettings } from '@/server/services/projects/project-settings';

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

/** A project webhook URL, so settling a case queues a delivery the test can read back. */
export async function setDecisionWebhookUrl(db: Database, projectId: number, url: string): Promise<void> {
  await db.insert(decisionWebhooks).values({ projectId, url, secretEncrypted: 'test-only' }).onConflictDoUpdate({ target: decisionWebhooks.projectId, set: { url } });
}

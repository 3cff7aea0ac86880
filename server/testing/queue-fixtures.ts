import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, projectLabels, projects, type TStructuredValue } from '@/db/schema';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { parseProjectSettings } from '@/server/services/projects/project-settings';

/** Test helpers for the queue and review tests: items inserted directly, settings patched in place. */

/** `isGoldCheck` defaults to having a gold label, as with the default goldCheckShare of 1. */
export type TSeedItem = {
  text?: string;
  priority?: number;
  isEval?: boolean;
  goldLabelId?: number | null;
  /** The known answer of a multi_label or spans item. */
  goldValue?: TStructuredValue | null;
  isGoldCheck?: boolean;
  metadata?: Record<string, unknown>;
};

export async function seedItems(db: Database, projectId: number, specs: TSeedItem[]): Promise<number[]> {
  const rows = await db
    .insert(items)
    .values(
      specs.map((spec, index) => ({
        projectId,
        text: spec.text ?? `item ${index} ${randomUUID()}`,
        contentHash: randomUUID(),
        priority: spec.priority ?? 1 - index / (specs.length + 1),
        isEval: spec.isEval ?? false,
        goldLabelId: spec.goldLabelId ?? null,
        goldValue: spec.goldValue ?? null,
        isGoldCheck: spec.isGoldCheck ?? ((spec.goldLabelId ?? null) !== null || (spec.goldValue ?? null) !== null),
        metadata: spec.metadata ?? {},
      })),
    )
    .returning({ id: items.id });
  return rows.map((row) => row.id);
}

export async function setQueueSettings(db: Database, projectId: number, patch: Partial<TProjectSettings>): Promise<void> {
  const [row] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  await db
    .update(projects)
    .set({ settings: { ...parseProjectSettings(row?.settings), ...patch } })
    .where(eq(projects.id, projectId));
}

export async function getLabelIds(db: Database, projectId: number): Promise<number[]> {
  const rows = await db.select({ id: projectLabels.id }).from(projectLabels).where(eq(projectLabels.projectId, projectId)).orderBy(projectLabels.position);
  return rows.map((row) => row.id);
}

/** Settings that make the queue deterministic: no gold, eval or audit draws unless a test asks for them. */
export const PLAIN_QUEUE_SETTINGS: Partial<TProjectSettings> = { goldRate: 0, evalFraction: 0, auditRate: 0, overlap: 1, overlapShare: 1 };

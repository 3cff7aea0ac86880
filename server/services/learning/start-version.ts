import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { nextVersionNumber } from './model-versions';

/**
 * The version row this job trains into: the one an earlier attempt of the job left behind,
 * else a new one. Versions other jobs left in 'training' belong to dead attempts (one
 * training per project runs at a time) and are marked failed.
 */
export async function startVersion(
  db: Database,
  input: { projectId: number; jobId: number; kind: string; strategy: string; createdBy: string | null },
): Promise<number> {
  const jobKey = sql`${modelVersions.trainConfig}->>'jobId' = ${String(input.jobId)}`;
  await db
    .update(modelVersions)
    .set({ status: 'failed', error: 'The training was interrupted (its worker stopped)', finishedAt: new Date() })
    .where(and(eq(modelVersions.projectId, input.projectId), eq(modelVersions.status, 'training'), sql`not (${jobKey})`));
  const [earlier] = await db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, input.projectId), jobKey, ne(modelVersions.status, 'ready')));
  if (earlier) {
    await db
      .update(modelVersions)
      .set({ status: 'training', kind: input.kind, strategy: input.strategy, error: null, finishedAt: null })
      .where(eq(modelVersions.id, earlier.id));
    return earlier.id;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const [row] = await db
        .insert(modelVersions)
        .values({
          projectId: input.projectId,
          version: await nextVersionNumber(db, input.projectId),
          status: 'training',
          kind: input.kind,
          strategy: input.strategy,
          trainConfig: { jobId: input.jobId },
          createdBy: input.createdBy,
        })
        .returning({ id: modelVersions.id });
      return row!.id;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import type { ModelArtifact } from '@/ml/predict';

/**
 * Stores a trained version as ready: its weights, what loading it needs (`featureConfig`, and the
 * task type's own entries in `trainConfig`), its metrics and how it was trained. Every task type's
 * training job ends here, so a version row reads the same whatever trained it.
 */
export async function storeReadyVersion(
  db: Database,
  versionId: number,
  input: { labelCount: number; featureConfig: unknown; metrics: unknown; artifact: ModelArtifact; backend: string; seconds: Record<string, number>; trainConfig: Record<string, unknown> },
): Promise<void> {
  const { artifact } = input;
  await db
    .update(modelVersions)
    .set({
      status: 'ready',
      labelCount: input.labelCount,
      featureConfig: input.featureConfig as Record<string, unknown>,
      metrics: input.metrics as Record<string, unknown>,
      topology: artifact.modelTopology as Record<string, unknown>,
      weightSpecs: artifact.weightSpecs,
      weights: Buffer.from(artifact.weightData),
      backend: input.backend,
      error: null,
      trainConfig: {
        ...input.trainConfig,
        artifact: { format: artifact.format, generatedBy: artifact.generatedBy, convertedBy: artifact.convertedBy ?? null },
        seconds: roundSeconds({ ...input.seconds, total: Object.values(input.seconds).reduce((a, b) => a + b, 0) }),
      },
      finishedAt: new Date(),
    })
    .where(eq(modelVersions.id, versionId));
}

/** Marks a version whose training failed, with the error's message (bounded) for the models page. */
export async function markVersionFailed(db: Database, versionId: number, error: unknown): Promise<void> {
  await db
    .update(modelVersions)
    .set({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 1000) : String(error), finishedAt: new Date() })
    .where(eq(modelVersions.id, versionId));
}

/** Seconds per training stage to 0.1 ms, as a job's result and a version's trainConfig report them. */
export function roundSeconds(seconds: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(seconds).map(([stage, value]) => [stage, Math.round(value * 10_000) / 10_000]));
}

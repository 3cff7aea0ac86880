import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import type { ModelArtifact } from '@/ml/predict';
import type { TJob } from '@/server/services/jobs/jobs';
import type { TJobRunContext } from './job-context';
import { getCurrentModelVersion } from './model-versions';
import { pruneOldPredictions } from './prune-predictions';

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

/** The trainConfig entries of every task type's version: which job trained it, how, and on which labels up to which annotation. */
export function describeTrainingRun(
  job: TJob,
  run: { seed: number; kind: string; featurizer: string; labels: readonly { id: number; name: string }[]; lastAnnotationId: number | null },
): Record<string, unknown> {
  return {
    jobId: job.id,
    seed: run.seed,
    kind: run.kind,
    featurizer: run.featurizer,
    classes: run.labels.map((label) => ({ id: label.id, name: label.name })),
    lastAnnotationId: run.lastAnnotationId,
    reason: job.payload.reason ?? null,
  };
}

/**
 * After a version is stored: when it is the project's current version (no pin holds another), the
 * scorer its training left open rescores the pool (`rescore`) and older predictions are pruned. The
 * scorer is closed whatever happens; null when nothing was rescored.
 */
export async function rescoreIfCurrent<R>(
  ctx: TJobRunContext,
  { projectId, versionId, sessionId }: { projectId: number; versionId: number; sessionId: string | null },
  rescore: (sessionId: string) => Promise<R>,
): Promise<R | null> {
  try {
    const current = await getCurrentModelVersion(ctx.db, projectId);
    if (current?.id !== versionId || !sessionId) return null;
    const rescored = await rescore(sessionId);
    await pruneOldPredictions(ctx.db, projectId);
    return rescored;
  } finally {
    if (sessionId) await ctx.compute.closeScorer(sessionId).catch(() => undefined);
  }
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

import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import type { TSpanTaggerConfig } from '@/ml/spans/span-tagger';
import { isSpanSamplingStrategy } from '@/ml/spans/span-strategies';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import type { TProjectDetail } from '@/server/services/projects/projects';
import type { TJobRunContext } from './job-context';
import { formatSpanMetrics } from './format-span-metrics';
import { getCurrentModelVersion, loadStoredModel } from './model-versions';
import { storePreannotationAcceptance } from './preannotation-acceptance';
import { pruneOldPredictions } from './prune-predictions';
import { rescoreSpanPool } from './rescore-span-pool';
import type { TSpanScoringSetup, TSpanTrainResponse } from './span-compute';
import { loadSpanEvalData, loadSpanTrainingData } from './span-training-data';
import { startVersion } from './start-version';
import { describeTrainingRun, markVersionFailed, rescoreIfCurrent, roundSeconds, storeReadyVersion } from './finish-version';

/**
 * A span project's training job (run-training-job.ts hands it over by task type): read the final
 * span sets, train the BIO tagger in the compute thread, score it and the dictionary baseline on
 * the evaluation set, store the version (weights and tagger config, so it loads after a restart),
 * then let it pre-annotate and order the pool when it is the current version. Before anything,
 * what annotators kept of the suggestions so far is measured and stored on the versions that made
 * them. As with the text models, the previous version stays current until this one is ready.
 */

/** Fewer labeled items than this, or not one span among them, train nothing worth scoring with. */
export const MIN_SPAN_TRAINING_ITEMS = 4;
const MODEL_KIND = 'bio-tagger';

export async function runSpanTrainingJob(ctx: TJobRunContext, project: TProjectDetail): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const projectId = project.id;
  if (job.payload.mode === 'rescore') return rescoreCurrentSpanVersion(ctx, project);
  // A previous attempt of this job that got as far as a ready version only needs the rescoring.
  const [earlier] = await db
    .select({ status: modelVersions.status })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), sql`${modelVersions.trainConfig}->>'jobId' = ${String(job.id)}`));
  if (earlier?.status === 'ready') return rescoreCurrentSpanVersion(ctx, project);

  const labelIds = project.labels.map((label) => label.id);
  const data = await loadSpanTrainingData(db, projectId, labelIds);
  const spanCount = data.spansPerLabel.reduce((a, b) => a + b, 0);
  if (data.texts.length < MIN_SPAN_TRAINING_ITEMS || spanCount === 0) {
    return { skipped: true, reason: `A span model needs at least ${MIN_SPAN_TRAINING_ITEMS} labeled items with at least one span among them`, labelCount: data.texts.length, spanCount };
  }
  const evalData = await loadSpanEvalData(db, projectId, labelIds);
  const { settings } = project;
  const seed = job.id;
  const versionId = await startVersion(db, { projectId, jobId: job.id, kind: MODEL_KIND, strategy: settings.samplingStrategy, createdBy: job.createdBy });
  ctx.reportProgress({ stage: 'loading', versionId, labels: data.texts.length, evalItems: evalData.texts.length });
  // Measured now: this version's rescoring prunes the predictions the figure is computed from.
  const acceptance = await storePreannotationAcceptance(db, projectId);

  let trained: TSpanTrainResponse;
  try {
    trained = await ctx.compute.trainSpanTagger(
      {
        texts: data.texts,
        spans: data.spans,
        evalTexts: evalData.texts,
        evalSpans: evalData.spans,
        labelIds,
        seed,
        warmStartKey: `${projectId}:${MODEL_KIND}:${labelIds.join(',')}`,
        scoring: buildSpanScoringSetup(settings),
      },
      (progress) => ctx.reportProgress({ versionId, ...progress }),
    );
    ctx.signal.throwIfAborted();
    const metrics = formatSpanMetrics(trained.evaluation, project.labels, evalData, { tokens: trained.tokens, skippedSpans: trained.skippedSpans });
    await storeReadyVersion(db, versionId, {
      labelCount: data.texts.length,
      featureConfig: trained.config,
      metrics,
      artifact: trained.artifact,
      backend: trained.backend,
      seconds: trained.seconds,
      trainConfig: {
        ...describeTrainingRun(job, { seed, kind: MODEL_KIND, featurizer: trained.config.features.kind, labels: project.labels, lastAnnotationId: data.lastAnnotationId }),
        tokens: trained.tokens,
        spansPerLabel: data.spansPerLabel,
        isWarmStarted: trained.isWarmStarted,
      },
    });
  } catch (error) {
    await markVersionFailed(db, versionId, error);
    throw error;
  }

  const rescored = await rescoreIfCurrent(ctx, { projectId, versionId, sessionId: trained.sessionId }, (sessionId) =>
    rescoreSpanPool(db, ctx.compute, {
      projectId,
      versionId,
      sessionId,
      settings,
      trainingSpans: spanCount,
      seed,
      onProgress: (progress) => ctx.reportProgress({ versionId, ...progress }),
      signal: ctx.signal,
    }),
  );
  const evaluation = trained.evaluation;
  return {
    versionId,
    labelCount: data.texts.length,
    spanF1: evaluation?.model.exact.f1 ?? null,
    tokenF1: evaluation?.model.token.f1 ?? null,
    baselineSpanF1: evaluation?.baseline.exact.f1 ?? null,
    preannotation: Object.fromEntries([...acceptance].map(([id, figure]) => [id, { rate: figure.rate, suggested: figure.suggested, kept: figure.kept }])),
    rescored,
    backend: trained.backend,
    seconds: roundSeconds(trained.seconds),
  };
}

/** Rescoring only (a pin, an unpin, a strategy change, a restarted worker): the stored current version scores the pool again. */
async function rescoreCurrentSpanVersion(ctx: TJobRunContext, project: TProjectDetail): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const current = await getCurrentModelVersion(db, project.id);
  if (!current) return { skipped: true, reason: 'No model version to score with yet' };
  const stored = await loadStoredModel(db, project.id, current.id);
  const config = stored.featurizerConfig as unknown as TSpanTaggerConfig;
  if (stored.kind !== MODEL_KIND || config.kind !== 'span-tagger') {
    return { skipped: true, reason: `Model version ${stored.version} is a ${stored.kind} model, not a span tagger: train a new version` };
  }
  const trainingSpans = await readTrainingSpans(db, current.id);
  const { sessionId } = await ctx.compute.openSpanScorer({ ...buildSpanScoringSetup(project.settings), artifact: stored.artifact, config });
  try {
    const rescored = await rescoreSpanPool(db, ctx.compute, {
      projectId: project.id,
      versionId: current.id,
      sessionId,
      settings: project.settings,
      trainingSpans,
      seed: job.id,
      onProgress: (progress) => ctx.reportProgress({ versionId: current.id, ...progress }),
      signal: ctx.signal,
    });
    await pruneOldPredictions(db, project.id);
    return { versionId: current.id, rescored };
  } finally {
    await ctx.compute.closeScorer(sessionId).catch(() => undefined);
  }
}

/** The spans a stored version trained on (all labels), for the cold-start rule. */
async function readTrainingSpans(db: Database, versionId: number): Promise<number> {
  const [row] = await db.select({ trainConfig: modelVersions.trainConfig }).from(modelVersions).where(eq(modelVersions.id, versionId));
  const perLabel = (row?.trainConfig as { spansPerLabel?: number[] } | undefined)?.spansPerLabel ?? [];
  return perLabel.reduce((a, b) => a + b, 0);
}

/** A project's strategy as a span session ranks by it: a strategy spans cannot serve (refused in the settings; an old value) ranks by least confidence. */
function buildSpanScoringSetup(settings: TProjectSettings): TSpanScoringSetup {
  return { strategy: isSpanSamplingStrategy(settings.samplingStrategy) ? settings.samplingStrategy : 'least_confidence' };
}

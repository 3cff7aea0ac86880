import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { DEFAULT_FEATURIZER_OPTIONS, type FeaturizerConfig } from '@/ml/features/featurizer';
import { DEFAULT_MULTILABEL_MODEL_KIND } from '@/ml/model-kinds';
import { isMultilabelColdStart } from '@/ml/multilabel/multilabel-cold-start';
import { DEFAULT_MULTILABEL_STRATEGY, isMultilabelSamplingStrategyId, type MultilabelSamplingStrategyId } from '@/ml/multilabel/multilabel-strategies';
import type { TProjectDetail } from '@/server/services/projects/projects';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { formatMultilabelMetrics } from './format-multilabel-metrics';
import { getCurrentModelVersion, loadStoredModel } from './model-versions';
import type { TMultilabelTrainResponse } from './multilabel-compute';
import { createLabelSetPredictionReader } from './multilabel-predictions';
import { loadMultilabelEvalData, loadMultilabelTrainingData, type TMultilabelTrainingData } from './multilabel-training-data';
import { orderColdStart } from './order-cold-start';
import { pruneOldPredictions } from './prune-predictions';
import { rescorePool, type TRescoreResult } from './rescore-pool';
import type { TJobRunContext } from './job-context';
import { startVersion } from './start-version';
import { describeTrainingRun, markVersionFailed, rescoreIfCurrent, roundSeconds, storeReadyVersion } from './finish-version';
import { IDF_SAMPLE_SIZE, listItemsAnnotatedSince, sampleCorpus } from './training-data';

/** Fewer labeled items than this cannot train anything worth scoring with (as MIN_TRAINING_LABELS for single labels). */
export const MIN_MULTILABEL_TRAINING_ITEMS = 4;

/**
 * The training job of a multi-label project (run-training-job.ts dispatches here by task type):
 * read the human final label sets, train the one-vs-rest sigmoid version in the compute thread
 * (out-of-fold temperatures and thresholds per label), evaluate it on the evaluation set's sets
 * (micro/macro-F1, per-label precision/recall/F1, the constant-answer baseline), store it with its
 * thresholds so it can be loaded again, and rescore the pool with the project's multi-label
 * strategy when it is the current version. As for single-label versions, the previous version stays
 * current until this one is stored as ready, and a retried job reuses the version row it started.
 */
export async function runMultilabelTrainingJob(ctx: TJobRunContext, project: TProjectDetail): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const projectId = project.id;
  const labels = project.labels;
  const labelIds = labels.map((label) => label.id);
  if (job.payload.mode === 'rescore') return rescoreCurrentMultilabel(ctx, project);
  // Cold-start ordering clusters the texts: the same for a set of labels as for one.
  if (job.payload.mode === 'order') return orderColdStart(db, ctx.compute, { projectId, settings: project.settings, seed: job.id });

  const [earlier] = await db
    .select({ id: modelVersions.id, status: modelVersions.status })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), sql`${modelVersions.trainConfig}->>'jobId' = ${String(job.id)}`));
  if (earlier?.status === 'ready') return rescoreCurrentMultilabel(ctx, project);

  const data = await loadMultilabelTrainingData(db, projectId, labelIds);
  const n = data.itemIds.length;
  // A label every labeled item has (or none has) has nothing to learn; one that varies is the minimum.
  const learnable = data.countsPerLabel.filter((count) => count > 0 && count < n).length;
  if (n < MIN_MULTILABEL_TRAINING_ITEMS || learnable === 0) {
    return { skipped: true, reason: `A multi-label model needs at least ${MIN_MULTILABEL_TRAINING_ITEMS} labeled items and a label chosen on some of them but not all`, labelCount: n };
  }
  const evalData = await loadMultilabelEvalData(db, projectId, labelIds);
  const corpus = await sampleCorpus(db, projectId, IDF_SAMPLE_SIZE - data.texts.length - evalData.texts.length);
  const settings = project.settings;
  const kind = DEFAULT_MULTILABEL_MODEL_KIND;
  const strategy = chooseMultilabelStrategy(settings);
  const seed = job.id;
  const versionId = await startVersion(db, { projectId, jobId: job.id, kind, strategy, createdBy: job.createdBy });
  ctx.reportProgress({ stage: 'loading', versionId, labels: n, evalItems: evalData.itemIds.length });

  let trained: TMultilabelTrainResponse;
  try {
    trained = await ctx.compute.trainMultilabel(
      {
        texts: data.texts,
        targets: data.targets,
        numLabels: labels.length,
        corpus,
        evalTexts: evalData.texts,
        evalTargets: evalData.targets,
        featurizer: DEFAULT_FEATURIZER_OPTIONS,
        seed,
        warmStartKey: `${projectId}:${kind}:${labelIds.join(',')}`,
        scoring: { strategy, seed: seed + 17 },
      },
      (progress) => ctx.reportProgress({ versionId, ...progress }),
    );
    ctx.signal.throwIfAborted();
    const metrics = formatMultilabelMetrics(trained.evaluation, trained.metadata, labels, evalData);
    await storeReadyVersion(db, versionId, {
      labelCount: n,
      featureConfig: trained.featurizerConfig,
      metrics,
      artifact: trained.artifact,
      backend: trained.backend,
      seconds: trained.seconds,
      trainConfig: {
        ...describeTrainingRun(job, { seed, kind, featurizer: trained.featurizerConfig.kind, labels, lastAnnotationId: data.lastAnnotationId }),
        task: 'multi_label',
        // What loading the version needs besides its weights: the thresholds the sets are cut at.
        multilabel: trained.metadata,
        isWarmStarted: trained.isWarmStarted,
        labelsPerClass: data.countsPerLabel,
        emptySets: data.emptySets,
      },
    });
  } catch (error) {
    await markVersionFailed(db, versionId, error);
    throw error;
  }

  const rescored = await rescoreIfCurrent(ctx, { projectId, versionId, sessionId: trained.sessionId }, (sessionId) =>
    rescoreWithSession(ctx, { project, versionId, sessionId, thresholds: trained.metadata.thresholds, data, trainedItemIds: new Set(data.itemIds) }),
  );
  return {
    versionId,
    labelCount: n,
    microF1: trained.evaluation?.microF1.value ?? null,
    macroF1: trained.evaluation && Number.isFinite(trained.evaluation.macroF1.value) ? trained.evaluation.macroF1.value : null,
    beatsBaseline: trained.evaluation?.beatsBaseline ?? null,
    rescored,
    backend: trained.backend,
    seconds: roundSeconds(trained.seconds),
  };
}

/** Rescoring only (after a pin, an unpin, a strategy change, or a restart): the stored current version scores the pool again. */
async function rescoreCurrentMultilabel(ctx: TJobRunContext, project: TProjectDetail): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const current = await getCurrentModelVersion(db, project.id);
  if (!current) return { skipped: true, reason: 'No model version to score with yet' };
  const stored = await loadStoredModel(db, project.id, current.id);
  if (!stored.multilabel) return { skipped: true, reason: `Model version ${stored.version} is not a multi-label model` };
  // The stored version's labels decide the columns; labels added since are unknown to it.
  const labelIds = stored.classes.map((c) => c.id);
  const data = await loadMultilabelTrainingData(db, project.id, labelIds, { withTexts: false });
  const { sessionId } = await ctx.compute.openMultilabelScorer({
    artifact: stored.artifact,
    featurizerConfig: stored.featurizerConfig as FeaturizerConfig,
    thresholds: stored.multilabel.thresholds,
    strategy: chooseMultilabelStrategy(project.settings),
    seed: job.id + 17,
  });
  try {
    const trainedItemIds = await findTrainedItemIds(db, project.id, stored.lastAnnotationId, data.itemIds);
    const rescored = await rescoreWithSession(ctx, { project, versionId: current.id, sessionId, thresholds: stored.multilabel.thresholds, data, trainedItemIds, labelIds });
    await pruneOldPredictions(db, project.id);
    return { versionId: current.id, rescored };
  } finally {
    await ctx.compute.closeScorer(sessionId).catch(() => undefined);
  }
}

async function rescoreWithSession(
  ctx: TJobRunContext,
  {
    project,
    versionId,
    sessionId,
    thresholds,
    data,
    trainedItemIds,
    labelIds = project.labels.map((label) => label.id),
  }: { project: TProjectDetail; versionId: number; sessionId: string; thresholds: number[]; data: TMultilabelTrainingData; trainedItemIds: Set<number>; labelIds?: number[] },
): Promise<TRescoreResult> {
  return rescorePool(ctx.db, ctx.compute, {
    projectId: project.id,
    versionId,
    sessionId,
    settings: project.settings,
    classLabelIds: labelIds,
    labelCountsPerClass: data.countsPerLabel,
    isColdStart: isMultilabelColdStart(data.itemIds.length, labelIds.length),
    readPrediction: createLabelSetPredictionReader(labelIds, thresholds),
    trainedItemIds,
    seed: ctx.job.id,
    onProgress: (progress) => ctx.reportProgress({ versionId, ...progress }),
    signal: ctx.signal,
  });
}

/** The project's strategy when it is a multi-label one; settings are checked, so the fallback only covers older stored ones. */
function chooseMultilabelStrategy(settings: TProjectSettings): MultilabelSamplingStrategyId {
  return isMultilabelSamplingStrategyId(settings.samplingStrategy) ? settings.samplingStrategy : DEFAULT_MULTILABEL_STRATEGY;
}

async function findTrainedItemIds(db: Database, projectId: number, lastAnnotationId: number | null, itemIds: readonly number[]): Promise<Set<number>> {
  if (lastAnnotationId === null) return new Set(itemIds);
  const since = await listItemsAnnotatedSince(db, projectId, lastAnnotationId);
  return new Set(itemIds.filter((id) => !since.has(id)));
}

import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { DEFAULT_FEATURIZER_OPTIONS } from '@/ml/features/featurizer';
import type { TrainProgress } from '@/ml/pipeline/train-model';
import { findLabelIssues } from '@/ml/review/label-issues';
import { chooseModelKind, chooseServableStrategy } from '@/ml/sampling/strategy-model';
import type { ClassifierKind } from '@/ml/model-kinds';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import type { TScoringSetup, TTrainResponse } from './compute';
import { getCurrentModelVersion, loadStoredModel } from './model-versions';
import { getProject, type TProjectDetail, type TProjectLabel } from '@/server/services/projects/projects';
import { runMultilabelTrainingJob } from './run-multilabel-training-job';
import { addModelReviewTasks } from './model-review-tasks';
import { formatMetrics } from './format-metrics';
import { pruneOldPredictions } from './prune-predictions';
import { rescorePool } from './rescore-pool';
import { orderColdStart } from './order-cold-start';
import { startVersion } from './start-version';
import { describeTrainingRun, markVersionFailed, rescoreIfCurrent, roundSeconds, storeReadyVersion } from './finish-version';
import type { TJobRunContext } from './job-context';
import { runSpanTrainingJob } from './run-span-training-job';
import { IDF_SAMPLE_SIZE, listItemsAnnotatedSince, loadEvalData, loadTrainingData, sampleCorpus, type TTrainingData } from './training-data';
import { isImageInputConfig } from '@/ml/images/image-input';
import { getProjectModelInput } from '@/server/services/projects/project-settings';
import { chooseProjectImageInput, createImageLoader, openMediaStore, type TImageLoader } from './load-item-images';

/**
 * The training job: read the labels, train and evaluate a new version in the compute
 * thread, store it, flag labels the out-of-fold model contradicts, and rescore the pool
 * with it when it is the current version. Until the version is stored as ready the
 * previous one stays current, so a crash or a kill anywhere in between changes nothing the
 * queue relies on; the retried job reuses the version row it started.
 */

/** Folds for the out-of-fold probabilities behind "likely mislabeled"; 0 turns it off. */
export const OUT_OF_FOLD_FOLDS = 4;
export const COMMITTEE_MEMBERS = 4;
export const MC_DROPOUT_SAMPLES = 10;
/** Fewer labels than this cannot train anything worth scoring with. */
export const MIN_TRAINING_LABELS = 4;

/** Task types whose models are not one label per item run their own job (training, rescoring, ordering). */
const TASK_TRAINING_JOBS: Partial<Record<TProjectDetail['taskType'], (ctx: TJobRunContext, project: TProjectDetail) => Promise<Record<string, unknown>>>> = {
  multi_label: runMultilabelTrainingJob,
};

export async function runTrainingJob(ctx: TJobRunContext): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const projectId = job.projectId;
  if (projectId === null) throw new Error('a training job needs a project');
  const project = await getProject(db, projectId);
  const taskJob = TASK_TRAINING_JOBS[project.taskType];
  if (taskJob) return taskJob(ctx, project);
  const classes = project.labels;
  const isImageProject = getProjectModelInput(project.taskType) === 'image';
  // Span projects train the BIO tagger (run-span-training-job.ts); their cold-start order is the texts' own, below.
  if (project.taskType === 'spans' && job.payload.mode !== 'order') return runSpanTrainingJob(ctx, project);
  if (job.payload.mode === 'rescore') return rescoreCurrent(ctx, project.settings, classes);
  if (job.payload.mode === 'order') {
    // Cold-start ordering clusters text features; an image project keeps its random order until the first version.
    if (isImageProject) return { skipped: true, reason: 'Image projects are ordered at random until the first model version' };
    return orderColdStart(db, ctx.compute, { projectId, settings: project.settings, seed: job.id });
  }

  // A previous attempt of this job that got as far as a ready version only needs the rescoring.
  const [earlier] = await db
    .select({ id: modelVersions.id, status: modelVersions.status })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), sql`${modelVersions.trainConfig}->>'jobId' = ${String(job.id)}`));
  if (earlier?.status === 'ready') return rescoreCurrent(ctx, project.settings, classes);

  const classLabelIds = classes.map((label) => label.id);
  const data = await loadTrainingData(db, projectId, classLabelIds);
  const presentClasses = data.countsPerClass.filter((count) => count > 0).length;
  if (data.labels.length < MIN_TRAINING_LABELS || presentClasses < 2) {
    return { skipped: true, reason: 'A model needs labels of at least two classes', labelCount: data.labels.length };
  }
  const evalData = await loadEvalData(db, projectId, classLabelIds);
  const imageLoader = isImageProject ? createImageLoader(openMediaStore(ctx.mediaStore), await chooseProjectImageInput(db, openMediaStore(ctx.mediaStore), projectId)) : null;
  // Images need no IDF corpus; their pixels are decoded once here and kept for the rescoring that follows.
  const corpus = imageLoader ? [] : await sampleCorpus(db, projectId, IDF_SAMPLE_SIZE - data.texts.length - evalData.texts.length);
  const settings = project.settings;
  const kind = chooseModelKind(settings.samplingStrategy, settings.modelKind);
  const seed = job.id;
  const versionId = await startVersion(db, { projectId, jobId: job.id, kind, strategy: settings.samplingStrategy, createdBy: job.createdBy });
  ctx.reportProgress({ stage: 'loading', versionId, labels: data.labels.length, evalItems: evalData.labels.length });

  let trained: TTrainResponse;
  try {
    const images = imageLoader
      ? { train: await imageLoader.load(data.mediaHashes), eval: await imageLoader.load(evalData.mediaHashes), input: imageLoader.input }
      : null;
    if (images) ctx.reportProgress({ stage: 'decoded', versionId, images: images.train.count + images.eval.count });
    trained = await ctx.compute.train(
      {
        texts: images ? [] : data.texts,
        labels: data.labels,
        numClasses: classes.length,
        corpus,
        evalTexts: images ? [] : evalData.texts,
        evalLabels: evalData.labels,
        featurizer: DEFAULT_FEATURIZER_OPTIONS,
        images,
        kind,
        seed,
        outOfFoldFolds: OUT_OF_FOLD_FOLDS,
        itemKeys: data.itemIds,
        warmStartKey: `${projectId}:${kind}:${classLabelIds.join(',')}`,
        scoring: buildScoringSetup(settings, kind, seed),
      },
      (progress: TrainProgress) => ctx.reportProgress({ versionId, ...progress }),
    );
    ctx.signal.throwIfAborted();
    const metrics = formatMetrics(trained.evaluation, classes, evalData);
    await storeReadyVersion(db, versionId, {
      labelCount: data.labels.length,
      featureConfig: trained.featurizerConfig,
      metrics,
      artifact: trained.artifact,
      backend: trained.backend,
      seconds: trained.seconds,
      trainConfig: {
        ...describeTrainingRun(job, { seed, kind, featurizer: trained.featurizerConfig.kind, labels: classes, lastAnnotationId: data.lastAnnotationId }),
        epochs: trained.epochs,
        bestEpoch: trained.bestEpoch,
        history: trained.history.map((h) => ({ epoch: h.epoch, loss: round(h.loss), valLoss: h.valLoss === null ? null : round(h.valLoss), valAccuracy: h.valAccuracy })),
        labelsPerClass: data.countsPerClass,
      },
    });
  } catch (error) {
    await markVersionFailed(db, versionId, error);
    throw error;
  }

  const rescored = await rescoreIfCurrent(ctx, { projectId, versionId, sessionId: trained.sessionId }, (sessionId) =>
    rescorePool(db, ctx.compute, {
      projectId,
      versionId,
      sessionId,
      settings,
      classLabelIds,
      labelCountsPerClass: data.countsPerClass,
      trainedItemIds: new Set(data.itemIds),
      seed,
      imageLoader,
      onProgress: (progress) => ctx.reportProgress({ versionId, ...progress }),
      signal: ctx.signal,
    }),
  );
  // The out-of-fold flags need no scorer: they come after the rescoring, which the next labels wait for.
  const likelyMislabeled = trained.outOfFold ? await flagLikelyMislabeled(db, { projectId, versionId, data, outOfFold: trained.outOfFold, classLabelIds }) : 0;
  return {
    versionId,
    labelCount: data.labels.length,
    accuracy: trained.evaluation?.accuracy.value ?? null,
    macroF1: trained.evaluation?.macroF1.value ?? null,
    likelyMislabeled,
    rescored,
    backend: trained.backend,
    seconds: roundSeconds(trained.seconds),
  };
}

/** Rescoring only (after a pin, an unpin or a strategy change): the current version scores the pool again. */
/**
 * The labeled items the version learned from: today's training items less those labeled since it
 * read its data. Those it never saw are what a rescoring checks for "model disagrees"; counting
 * them as trained (as this once did) meant a rescoring never flagged a label.
 */
async function findTrainedItemIds(db: Database, projectId: number, lastAnnotationId: number | null, itemIds: readonly number[]): Promise<Set<number>> {
  // Versions trained before the annotation mark was stored: treat every label as trained, as before.
  if (lastAnnotationId === null) return new Set(itemIds);
  const since = await listItemsAnnotatedSince(db, projectId, lastAnnotationId);
  return new Set(itemIds.filter((id) => !since.has(id)));
}

async function rescoreCurrent(ctx: TJobRunContext, settings: TProjectSettings, classes: TProjectLabel[]): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const projectId = job.projectId!;
  const current = await getCurrentModelVersion(db, projectId);
  if (!current) return { skipped: true, reason: 'No model version to score with yet' };
  const stored = await loadStoredModel(db, projectId, current.id);
  // The stored version's classes decide the class order; labels added since are unknown to it.
  const classLabelIds = stored.classes.length > 0 ? stored.classes.map((c) => c.id) : classes.map((c) => c.id);
  const setup = buildScoringSetup(settings, stored.kind, job.id);
  const data = await loadTrainingData(db, projectId, classLabelIds, { withTexts: setup.strategy === 'committee' });
  // The stored version's preprocessing, not a fresh choice: the pool must look as its training images did.
  const imageLoader: TImageLoader | null = isImageInputConfig(stored.featurizerConfig) ? createImageLoader(openMediaStore(ctx.mediaStore), stored.featurizerConfig) : null;
  const committeeImages = imageLoader && setup.strategy === 'committee' ? await imageLoader.load(data.mediaHashes) : null;
  const { sessionId } = await ctx.compute.openScorer({
    ...setup,
    artifact: stored.artifact,
    featurizerConfig: stored.featurizerConfig,
    numClasses: classLabelIds.length,
    committeeData: setup.strategy === 'committee' ? { texts: data.texts, images: committeeImages, labels: data.labels, kind: stored.kind } : null,
  });
  try {
    const rescored = await rescorePool(db, ctx.compute, {
      projectId,
      versionId: current.id,
      sessionId,
      settings,
      classLabelIds,
      labelCountsPerClass: data.countsPerClass,
      trainedItemIds: await findTrainedItemIds(db, projectId, stored.lastAnnotationId, data.itemIds),
      seed: job.id,
      imageLoader,
      onProgress: (progress) => ctx.reportProgress({ versionId: current.id, ...progress }),
      signal: ctx.signal,
    });
    await pruneOldPredictions(db, projectId);
    return { versionId: current.id, rescored };
  } finally {
    await ctx.compute.closeScorer(sessionId).catch(() => undefined);
  }
}

function buildScoringSetup(settings: TProjectSettings, kind: ClassifierKind, seed: number): TScoringSetup {
  // A version trained before the switch to BALD serves entropy until the next training brings an MLP.
  const strategy = chooseServableStrategy(settings.samplingStrategy, kind);
  return { strategy, committeeMembers: COMMITTEE_MEMBERS, mcSamples: MC_DROPOUT_SAMPLES, seed: seed + 17 };
}

/** Confident learning on out-of-fold probabilities: "likely mislabeled" review tasks. */
async function flagLikelyMislabeled(
  db: Database,
  {
    projectId,
    versionId,
    data,
    outOfFold,
    classLabelIds,
  }: { projectId: number; versionId: number; data: TTrainingData; outOfFold: { indices: Int32Array; probs: Float32Array }; classLabelIds: number[] },
): Promise<number> {
  const { indices, probs } = outOfFold;
  const issues = findLabelIssues({ probs, labels: Int32Array.from(indices, (i) => data.labels[i]!), numClasses: classLabelIds.length })
    // A reviewer's decision is not second-guessed by a model trained on it.
    .filter((issue) => data.sources[indices[issue.index]!] !== 'review');
  return addModelReviewTasks(db, {
    projectId,
    versionId,
    reason: 'likely_mislabeled',
    issues: issues.map((issue) => ({ itemId: data.itemIds[indices[issue.index]!]!, issue })),
    classLabelIds,
  });
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

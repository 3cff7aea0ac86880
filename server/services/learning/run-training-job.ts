import { createHash } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions } from '@/db/schema';
import { DEFAULT_FEATURE_DIM } from '@/ml/features/featurizer';
import type { ModelEvaluation } from '@/ml/pipeline/evaluate-model';
import type { TrainProgress } from '@/ml/pipeline/train-model';
import { findLabelIssues } from '@/ml/review/label-issues';
import { chooseModelKind, chooseServableStrategy } from '@/ml/sampling/strategy-model';
import type { ClassifierKind } from '@/ml/models/model-kinds';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import type { TCompute, TScoringSetup, TTrainResponse } from './compute';
import { HUMAN_FINAL_SOURCES_SQL } from './eval-set';
import type { TJob } from '@/server/services/jobs/jobs';
import { getCurrentModelVersion, loadStoredModel, nextVersionNumber, type TVersionMetrics } from './model-versions';
import { getProject, type TProjectLabel } from '@/server/services/projects/projects';
import { addReviewTask } from '@/server/services/review/review-tasks';
import { MAX_REVIEW_TASKS_PER_RUN, rescorePool, type TRescoreResult } from './rescore-pool';

/**
 * The training job: read the labels, train and evaluate a new version in the compute
 * thread, store it, flag labels the out-of-fold model contradicts, and rescore the pool
 * with it when it is the current version. Until the version is stored as ready the
 * previous one stays current, so a crash or a kill anywhere in between changes nothing the
 * queue relies on; the retried job reuses the version row it started.
 */

export type TJobRunContext = {
  db: Database;
  compute: TCompute;
  job: TJob;
  /** Stores progress (throttled) and extends the job's lease. */
  reportProgress(progress: Record<string, unknown>): void;
  signal: AbortSignal;
};

/** The IDF fit sees this many pool texts at most (labels and evaluation items included). */
export const IDF_SAMPLE_SIZE = 20_000;
/** Folds for the out-of-fold probabilities behind "likely mislabeled"; 0 turns it off. */
export const OUT_OF_FOLD_FOLDS = 4;
export const COMMITTEE_MEMBERS = 4;
export const MC_DROPOUT_SAMPLES = 10;
/** Fewer labels than this cannot train anything worth scoring with. */
export const MIN_TRAINING_LABELS = 4;

export type TTrainingData = { itemIds: number[]; texts: string[]; labels: Int32Array; sources: string[]; countsPerClass: number[] };

/**
 * Human final labels of non-evaluation items, reviewed ones included; never gold answers.
 * Without `withTexts` the texts are left out (a rescoring only needs the counts and ids).
 */
export async function loadTrainingData(
  db: Database,
  projectId: number,
  classLabelIds: readonly number[],
  { withTexts = true }: { withTexts?: boolean } = {},
): Promise<TTrainingData> {
  const classOf = new Map(classLabelIds.map((id, index) => [id, index]));
  const result = await db.execute<{ id: number | string; text: string | null; final_label_id: number; final_source: string }>(sql`
    select id, ${withTexts ? sql`text` : sql`null::text as text`}, final_label_id, final_source from items
    where project_id = ${projectId} and not is_eval and final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}
    order by id`);
  const data: TTrainingData = { itemIds: [], texts: [], labels: new Int32Array(0), sources: [], countsPerClass: new Array<number>(classLabelIds.length).fill(0) };
  const labels: number[] = [];
  for (const row of result.rows) {
    const label = classOf.get(row.final_label_id);
    if (label === undefined) continue; // an archived label: no longer a class
    data.itemIds.push(Number(row.id));
    if (row.text !== null) data.texts.push(row.text);
    data.sources.push(row.final_source);
    labels.push(label);
    data.countsPerClass[label]!++;
  }
  data.labels = Int32Array.from(labels);
  return data;
}

type TEvalData = { itemIds: number[]; texts: string[]; labels: Int32Array; human: number; gold: number };

/** Evaluation items with a human final label, or else a gold label. */
async function loadEvalData(db: Database, projectId: number, classLabelIds: readonly number[]): Promise<TEvalData> {
  const classOf = new Map(classLabelIds.map((id, index) => [id, index]));
  const result = await db.execute<{ id: number | string; text: string; human_label_id: number | null; gold_label_id: number | null }>(sql`
    select id, text, gold_label_id,
      case when final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL} then final_label_id end as human_label_id
    from items
    where project_id = ${projectId} and is_eval
      and ((final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}) or gold_label_id is not null)
    order by id`);
  const data: TEvalData = { itemIds: [], texts: [], labels: new Int32Array(0), human: 0, gold: 0 };
  const labels: number[] = [];
  for (const row of result.rows) {
    const label = classOf.get(row.human_label_id ?? row.gold_label_id ?? -1);
    if (label === undefined) continue;
    data.itemIds.push(Number(row.id));
    data.texts.push(row.text);
    labels.push(label);
    if (row.human_label_id !== null) data.human++;
    else data.gold++;
  }
  data.labels = Int32Array.from(labels);
  return data;
}

/** A uniform sample of the project's texts for the IDF fit, by a hash of the id (no sort of the table). */
async function sampleCorpus(db: Database, projectId: number, size: number): Promise<string[]> {
  if (size <= 0) return [];
  const counted = await db.execute<{ n: string | number }>(sql`select count(*) as n from items where project_id = ${projectId}`);
  const total = Number(counted.rows[0]!.n);
  const threshold = Math.floor(2 ** 32 * Math.min(1, size / Math.max(1, total)));
  const result = await db.execute<{ text: string }>(sql`
    select text from items
    where project_id = ${projectId} and ((id * 2654435761) % 4294967296) < ${threshold}
    limit ${size}`);
  return result.rows.map((row) => row.text);
}

export async function runTrainingJob(ctx: TJobRunContext): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const projectId = job.projectId;
  if (projectId === null) throw new Error('a training job needs a project');
  const project = await getProject(db, projectId);
  const classes = project.labels;
  const mode = job.payload.mode === 'rescore' ? 'rescore' : 'train';
  if (mode === 'rescore') return rescoreCurrent(ctx, project.settings, classes);

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
  const corpus = await sampleCorpus(db, projectId, IDF_SAMPLE_SIZE - data.texts.length - evalData.texts.length);
  const settings = project.settings;
  const kind = chooseModelKind(settings.samplingStrategy, settings.modelKind);
  const seed = job.id;
  const versionId = await startVersion(db, { projectId, jobId: job.id, kind, strategy: settings.samplingStrategy, createdBy: job.createdBy });
  ctx.reportProgress({ stage: 'loading', versionId, labels: data.labels.length, evalItems: evalData.labels.length });

  let trained: TTrainResponse;
  try {
    trained = await ctx.compute.train(
      {
        texts: data.texts,
        labels: data.labels,
        numClasses: classes.length,
        corpus,
        evalTexts: evalData.texts,
        evalLabels: evalData.labels,
        featurizer: { kind: 'hashed-ngrams', dim: DEFAULT_FEATURE_DIM },
        kind,
        seed,
        outOfFoldFolds: OUT_OF_FOLD_FOLDS,
        scoring: buildScoringSetup(settings, kind, seed),
      },
      (progress: TrainProgress) => ctx.reportProgress({ versionId, ...progress }),
    );
    ctx.signal.throwIfAborted();
    const metrics = formatMetrics(trained.evaluation, classes, evalData);
    await db
      .update(modelVersions)
      .set({
        status: 'ready',
        labelCount: data.labels.length,
        featureConfig: trained.featurizerConfig as unknown as Record<string, unknown>,
        metrics: metrics as unknown as Record<string, unknown>,
        topology: trained.artifact.modelTopology as Record<string, unknown>,
        weightSpecs: trained.artifact.weightSpecs,
        weights: Buffer.from(trained.artifact.weightData),
        backend: trained.backend,
        error: null,
        trainConfig: {
          jobId: job.id,
          seed,
          kind,
          dim: DEFAULT_FEATURE_DIM,
          classes: classes.map((label) => ({ id: label.id, name: label.name })),
          artifact: { format: trained.artifact.format, generatedBy: trained.artifact.generatedBy, convertedBy: trained.artifact.convertedBy ?? null },
          epochs: trained.epochs,
          bestEpoch: trained.bestEpoch,
          history: trained.history.map((h) => ({ epoch: h.epoch, loss: round(h.loss), valLoss: h.valLoss === null ? null : round(h.valLoss), valAccuracy: h.valAccuracy })),
          seconds: { ...mapValues(trained.seconds, round), total: round(Object.values(trained.seconds).reduce((a, b) => a + b, 0)) },
          labelsPerClass: data.countsPerClass,
          reason: job.payload.reason ?? null,
        },
        finishedAt: new Date(),
      })
      .where(eq(modelVersions.id, versionId));
  } catch (error) {
    await db
      .update(modelVersions)
      .set({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 1000) : String(error), finishedAt: new Date() })
      .where(eq(modelVersions.id, versionId));
    throw error;
  }

  try {
    const likelyMislabeled = trained.outOfFold ? await flagLikelyMislabeled(db, { projectId, versionId, data, outOfFold: trained.outOfFold, classLabelIds }) : 0;
    const current = await getCurrentModelVersion(db, projectId);
    let rescored: TRescoreResult | null = null;
    if (current?.id === versionId && trained.sessionId) {
      rescored = await rescorePool(db, ctx.compute, {
        projectId,
        versionId,
        sessionId: trained.sessionId,
        settings,
        classLabelIds,
        labelCountsPerClass: data.countsPerClass,
        trainedItemIds: new Set(data.itemIds),
        seed,
        onProgress: (progress) => ctx.reportProgress({ versionId, ...progress }),
        signal: ctx.signal,
      });
      await pruneOldPredictions(db, projectId);
    }
    return {
      versionId,
      labelCount: data.labels.length,
      accuracy: trained.evaluation?.accuracy.value ?? null,
      macroF1: trained.evaluation?.macroF1.value ?? null,
      likelyMislabeled,
      rescored,
      backend: trained.backend,
      seconds: mapValues(trained.seconds, round),
    };
  } finally {
    if (trained.sessionId) await ctx.compute.closeScorer(trained.sessionId).catch(() => undefined);
  }
}

/** Rescoring only (after a pin, an unpin or a strategy change): the current version scores the pool again. */
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
  const { sessionId } = await ctx.compute.openScorer({
    ...setup,
    artifact: stored.artifact,
    featurizerConfig: stored.featurizerConfig,
    numClasses: classLabelIds.length,
    committeeData: setup.strategy === 'committee' ? { texts: data.texts, labels: data.labels, kind: stored.kind } : null,
  });
  try {
    const rescored = await rescorePool(db, ctx.compute, {
      projectId,
      versionId: current.id,
      sessionId,
      settings,
      classLabelIds,
      labelCountsPerClass: data.countsPerClass,
      trainedItemIds: new Set(data.itemIds),
      seed: job.id,
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

/**
 * The version row this job trains into: the one an earlier attempt of the job left behind,
 * else a new one. Versions other jobs left in 'training' belong to dead attempts (one
 * training per project runs at a time) and are marked failed.
 */
async function startVersion(
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
    .filter((issue) => data.sources[indices[issue.index]!] !== 'review')
    .slice(0, MAX_REVIEW_TASKS_PER_RUN);
  let added = 0;
  for (const issue of issues) {
    const isAdded = await addReviewTask(db, {
      projectId,
      itemId: data.itemIds[indices[issue.index]!]!,
      reason: 'likely_mislabeled',
      details: {
        modelVersionId: versionId,
        givenLabelId: classLabelIds[issue.given],
        suggestedLabelId: classLabelIds[issue.suggested],
        givenProbability: round(issue.givenProbability),
        suggestedProbability: round(issue.suggestedProbability),
      },
    });
    if (isAdded) added++;
  }
  return added;
}

/** Keeps the predictions of the current and the pinned version; older versions' go, in short batches. */
export async function pruneOldPredictions(db: Database, projectId: number): Promise<number> {
  const current = await getCurrentModelVersion(db, projectId);
  if (!current) return 0;
  let removed = 0;
  for (;;) {
    const result = await db.execute<{ id: number }>(sql`
      delete from predictions where id in (
        select p.id from predictions p join model_versions v on v.id = p.model_version_id
        where v.project_id = ${projectId} and v.id <> ${current.id} and not v.is_pinned
        limit 5000)
      returning id`);
    removed += result.rows.length;
    if (result.rows.length < 5000) return removed;
  }
}

function formatMetrics(evaluation: ModelEvaluation | null, classes: TProjectLabel[], evalData: TEvalData): TVersionMetrics {
  const evalSetHash = evalData.itemIds.length > 0 ? createHash('sha1').update(evalData.itemIds.join(',')).digest('hex').slice(0, 16) : null;
  const base = { n: evalData.labels.length, evalSize: evalData.labels.length, evalSources: { human: evalData.human, gold: evalData.gold }, evalSetHash, classes: classes.map((c) => ({ id: c.id, name: c.name })) };
  if (!evaluation) return { ...base, accuracy: null, macroF1: null, ece: null, perClass: [], confusion: null };
  return {
    ...base,
    accuracy: evaluation.accuracy,
    macroF1: evaluation.macroF1,
    ece: {
      value: evaluation.ece.value,
      ci95: evaluation.ece.ci95,
      bins: evaluation.ece.bins.map((bin) => ({ ...bin, accuracy: finiteOrNull(bin.accuracy), meanConfidence: finiteOrNull(bin.meanConfidence) })),
    },
    perClass: evaluation.perClass.map((metrics, c) => ({
      labelId: classes[c]!.id,
      label: classes[c]!.name,
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      support: metrics.support,
      predicted: metrics.predicted,
      ci95: evaluation.perClassIntervals[c]!,
    })),
    confusion: evaluation.confusion,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function mapValues(values: Record<string, number>, map: (value: number) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, map(value)]));
}

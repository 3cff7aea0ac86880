import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { getEnv } from '@/server/env';
import { chooseModelKind } from '@/ml/sampling/strategy-model';
import { pickLearningSettings, type TLearningSettings } from '@/server/services/projects/project-settings';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { getEvalSetSummary, HAS_FINAL_ANSWER_SQL, HUMAN_FINAL_SOURCES_SQL, type TEvalSetSummary } from './eval-set';
import { enqueueTraining, listProjectJobs, type TJob } from '@/server/services/jobs/jobs';
import { getLabelsSinceTrigger } from './learning-hooks';
import { getCurrentModelVersion, listModelVersions, requestRescore, type TModelVersionSummary } from './model-versions';
import { getProject, updateProject } from '@/server/services/projects/projects';

// Rescoring reorders the queue and raises (or withdraws) "model disagrees" flags.
const QUEUE_ORDER_KEYS = ['samplingStrategy', 'explorationShare', 'batchDiversity', 'disagreementConfidence'] as const;

/**
 * Changes how the project learns. A new strategy, exploration share or diversity mode
 * rescores the queue with the current model; a new model kind (or BALD, which needs the
 * MLP) trains a new version.
 */
export async function updateLearningSettings(db: Database, actor: TActor, projectId: number, patch: Partial<TLearningSettings>): Promise<TLearningSettings> {
  const before = (await getProject(db, projectId)).settings;
  const after = (await updateProject(db, actor, projectId, { settings: patch })).settings;
  const needsModel =
    after.modelKind !== before.modelKind || chooseModelKind(after.samplingStrategy, after.modelKind) !== chooseModelKind(before.samplingStrategy, before.modelKind);
  if (needsModel && (await getCurrentModelVersion(db, projectId))) {
    await enqueueTraining(db, { projectId, mode: 'train', reason: 'settings', createdBy: actor.userId });
    await wakeWorkers(db);
  } else if (QUEUE_ORDER_KEYS.some((key) => after[key] !== before[key])) {
    await requestRescore(db, actor, projectId, 'strategy');
  }
  return pickLearningSettings(after);
}

export type TLearningOverview = {
  settings: TLearningSettings;
  current: TModelVersionSummary | null;
  /** The newest training job, with its live progress. */
  training: Pick<TJob, 'id' | 'status' | 'progress' | 'result' | 'error' | 'attempts' | 'maxAttempts' | 'createdAt' | 'startedAt' | 'finishedAt' | 'payload'> | null;
  evalSet: TEvalSetSummary;
  labelsSinceTrigger: number;
  /** Human labels the next training would learn from. */
  trainableLabels: number;
  /** The TensorFlow.js backend the last training ran on (the worker logs it too). */
  backend: string | null;
  /** Where jobs run: inside the app (embedded database) or in `quorum worker` processes. */
  workerMode: 'in-app' | 'separate';
};

export async function getLearningOverview(db: Database, projectId: number): Promise<TLearningOverview> {
  const project = await getProject(db, projectId);
  const [versions, jobs, evalSet, labelsSinceTrigger, trainable] = await Promise.all([
    listModelVersions(db, projectId, { limit: 20 }),
    listProjectJobs(db, projectId, { kinds: ['train'], limit: 1 }),
    getEvalSetSummary(db, projectId),
    getLabelsSinceTrigger(db, projectId),
    db.execute<{ n: string | number }>(sql`
      select count(*) as n from items
      where project_id = ${projectId} and not is_eval and ${HAS_FINAL_ANSWER_SQL} and final_source in ${HUMAN_FINAL_SOURCES_SQL}`),
  ]);
  const job = jobs[0] ?? null;
  const env = getEnv();
  return {
    settings: pickLearningSettings(project.settings),
    current: versions.find((v) => v.isCurrent) ?? null,
    training: job
      ? {
          id: job.id,
          status: job.status,
          progress: job.progress,
          result: job.result,
          error: job.error,
          attempts: job.attempts,
          maxAttempts: job.maxAttempts,
          createdAt: job.createdAt,
          startedAt: job.startedAt,
          finishedAt: job.finishedAt,
          payload: job.payload,
        }
      : null,
    evalSet,
    labelsSinceTrigger,
    trainableLabels: Number(trainable.rows[0]!.n),
    backend: versions.find((v) => v.backend)?.backend ?? null,
    workerMode: env.QUORUM_IN_APP_WORKER === 'on' || (env.QUORUM_IN_APP_WORKER === 'auto' && !env.DATABASE_URL) ? 'in-app' : 'separate',
  };
}

export async function requestTraining(db: Database, actor: TActor, projectId: number): Promise<{ jobId: number; isNew: boolean }> {
  const { job, isNew } = await enqueueTraining(db, { projectId, mode: 'train', reason: 'manual', createdBy: actor.userId });
  await recordAuditEvent(db, { actor, projectId, action: 'model.train', subjectType: 'job', subjectId: job.id, after: { isNew } });
  await wakeWorkers(db);
  return { jobId: job.id, isNew };
}

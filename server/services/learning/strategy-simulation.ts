import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { SimulationResult } from '@/ml/simulate/simulation-settings';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { enqueueJob, listProjectJobs, type TJob } from '@/server/services/jobs/jobs';
import { getProject } from '@/server/services/projects/projects';
import { findSettingsConflict, getProjectModelInput, getProjectModelTask } from '@/server/services/projects/project-settings';
import { chooseDefaultModelKind } from '@/ml/model-kinds';
import { isSamplingStrategyId } from '@/ml/sampling/strategies';
import { chooseProjectImageInput, createImageLoader, openMediaStore } from './load-item-images';
import { countGoldLabelSets, runMultilabelSimulationJob } from './multilabel-simulation';
import type { TJobRunContext } from './job-context';
import { ZSimulationSettings, type TSimulationSettings } from './simulation-job-settings';
import { runSpanSimulationJob } from './span-strategy-simulation';
import { countSpanGoldItems } from './span-training-data';

/**
 * Strategy backtests on a project's gold labels, run as `simulate` jobs. The job's result is
 * the simulator's JSON (`strategies.<name>.{curve, aulc, labels_to_95, full_accuracy}` plus
 * a recommendation), which the model page draws and the quality report quotes.
 */


/** A simulation on the UI's thread of work: bigger projects are sampled down to this many gold items. */
export const MAX_SIMULATION_ITEMS = 20_000;
export const MIN_SIMULATION_ITEMS = 50;

/** `actor` null: the CLI's local operator, on the database directly. */
export async function requestSimulation(db: Database, actor: TActor | null, projectId: number, rawSettings: unknown): Promise<TJob> {
  const { taskType } = await getProject(db, projectId);
  const settings = parseSimulationSettings(rawSettings, taskType);
  if (taskType === 'multi_label') {
    const gold = await countGoldLabelSets(db, projectId);
    if (gold.total < MIN_SIMULATION_ITEMS || gold.varyingLabels < 1) {
      throw new AppError('BAD_REQUEST', `A simulation needs at least ${MIN_SIMULATION_ITEMS} items with a gold label set, and a label on some of them but not all; this project has ${gold.total}`);
    }
  } else {
    // A span item's gold answer is a span set (gold_value), and every label may appear in one.
    const gold = taskType === 'spans' ? { total: await countSpanGoldItems(db, projectId), classes: 2 } : await countGoldItems(db, projectId);
    if (gold.total < MIN_SIMULATION_ITEMS || gold.classes < 2) {
      throw new AppError('BAD_REQUEST', `A simulation needs at least ${MIN_SIMULATION_ITEMS} gold-labeled items of two or more labels; this project has ${gold.total}`);
    }
  }
  const job = await enqueueJob(db, { projectId, kind: 'simulate', payload: settings, createdBy: actor?.userId ?? null, maxAttempts: 2 });
  await recordAuditEvent(db, { actor, projectId, action: 'model.simulate', subjectType: 'job', subjectId: job.id, after: settings });
  await wakeWorkers(db);
  return job;
}

async function countGoldItems(db: Database, projectId: number): Promise<{ total: number; classes: number }> {
  const result = await db.execute<{ total: string | number; classes: string | number }>(sql`
    select count(*) as total, count(distinct gold_label_id) as classes from items where project_id = ${projectId} and gold_label_id is not null`);
  return { total: Number(result.rows[0]!.total), classes: Number(result.rows[0]!.classes) };
}

/**
 * The settings for a project of `taskType`: an image project simulates the CNN unless told
 * otherwise, a multi-label project the sigmoid model, and never a model of another input or task.
 */
export function parseSimulationSettings(raw: unknown, taskType: string): TSimulationSettings {
  const hasKind = typeof raw === 'object' && raw !== null && 'kind' in raw;
  const settings = ZSimulationSettings.parse(hasKind ? raw : { ...(raw as object), kind: chooseDefaultModelKind(getProjectModelInput(taskType), getProjectModelTask(taskType)) });
  const conflict = findSettingsConflict(taskType, { modelKind: settings.kind });
  if (conflict) throw new AppError('BAD_REQUEST', conflict);
  return settings;
}

export async function runSimulationJob(ctx: TJobRunContext): Promise<Record<string, unknown>> {
  const { db, job } = ctx;
  const projectId = job.projectId;
  if (projectId === null) throw new Error('a simulation job needs a project');
  const project = await getProject(db, projectId);
  const settings = parseSimulationSettings(job.payload, project.taskType);
  if (project.taskType === 'spans') return runSpanSimulationJob(ctx, project, settings, MAX_SIMULATION_ITEMS);
  if (project.taskType === 'multi_label') return runMultilabelSimulationJob(ctx, project, settings, { maxItems: MAX_SIMULATION_ITEMS });
  const classOf = new Map(project.labels.map((label, index) => [label.id, index]));
  const total = (await countGoldItems(db, projectId)).total;
  const threshold = Math.floor(2 ** 32 * Math.min(1, MAX_SIMULATION_ITEMS / Math.max(1, total)));
  const rows = await db.execute<{ text: string; media_hash: string | null; gold_label_id: number }>(sql`
    select text, media_hash, gold_label_id from items
    where project_id = ${projectId} and gold_label_id is not null and ((id * 2654435761) % 4294967296) < ${threshold}
    order by id limit ${MAX_SIMULATION_ITEMS}`);
  const texts: string[] = [];
  const mediaHashes: (string | null)[] = [];
  const labels: number[] = [];
  for (const row of rows.rows) {
    const label = classOf.get(row.gold_label_id);
    if (label === undefined) continue;
    texts.push(row.text);
    mediaHashes.push(row.media_hash);
    labels.push(label);
  }
  ctx.reportProgress({ stage: 'loading', items: texts.length });
  // An image project's gold images, decoded once (at most MAX_SIMULATION_ITEMS of them) to the size a training would choose.
  const isImageProject = getProjectModelInput(project.taskType) === 'image';
  const store = isImageProject ? openMediaStore(ctx.mediaStore) : null;
  const images = store ? await createImageLoader(store, await chooseProjectImageInput(db, store, projectId), { cacheBytes: 0 }).load(mediaHashes) : null;
  const result = await ctx.compute.simulate(
    {
      ...settings,
      // Checked against the model by the settings: a single-label model's strategies.
      strategies: settings.strategies.filter(isSamplingStrategyId),
      texts: images ? [] : texts,
      images,
      labels: Int32Array.from(labels),
      classNames: project.labels.map((label) => label.name),
      seed: job.id,
    },
    (progress) => ctx.reportProgress({ stage: 'simulating', ...progress }),
  );
  return { ...result, source: { kind: 'project', projectId, sampled: total > labels.length, goldItems: total } } as unknown as Record<string, unknown>;
}

export type TSimulationSummary = {
  jobId: number;
  status: TJob['status'];
  settings: TSimulationSettings | null;
  progress: Record<string, unknown> | null;
  result: SimulationResult | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export async function listSimulations(db: Database, projectId: number, limit = 10): Promise<TSimulationSummary[]> {
  const rows = await listProjectJobs(db, projectId, { kinds: ['simulate'], limit });
  return rows.map((job) => {
    const parsed = ZSimulationSettings.safeParse(job.payload);
    return {
      jobId: job.id,
      status: job.status,
      settings: parsed.success ? parsed.data : null,
      progress: job.progress,
      result: job.status === 'succeeded' ? (job.result as unknown as SimulationResult) : null,
      error: job.error,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    };
  });
}

import type { Database } from '@/db/client';
import { chooseDefaultModelKind, type ClassifierKind } from '@/ml/model-kinds';
import { findStrategyModelConflict, listModelStrategies, type ProjectStrategyId } from '@/ml/sampling/strategy-model';
import { ZodError } from 'zod';
import type { SimulationResult } from '@/ml/simulate/simulation-settings';
import type { TCompute } from '@/server/services/learning/compute';
import { requestSimulation } from '@/server/services/learning/strategy-simulation';
import { getProjectModelInput, getProjectModelTask } from '@/server/services/projects/project-settings';
import { getProject } from '@/server/services/projects/projects';
import { runJobHere } from '@/server/worker/run-job-here';
import { requireProjectId } from '../target';

/**
 * `quorum simulate --project <slug>`: the model page's strategy simulation on the project's gold
 * answers (one label, a label set, spans or images alike), queued as the same job and run in this
 * process, or by a worker that takes it first. Settings not given take the job's own defaults;
 * without strategies, every strategy the project's model can serve is compared.
 */
export async function simulateProject(
  db: Database,
  compute: TCompute,
  slug: string,
  settings: { kind?: ClassifierKind; strategies?: string[] } & Record<string, unknown>,
  onProgress?: (progress: Record<string, unknown>) => void,
): Promise<{ result: SimulationResult; jobId: number; taskType: string }> {
  const project = await getProject(db, await requireProjectId(db, slug));
  const kind = settings.kind ?? chooseDefaultModelKind(getProjectModelInput(project.taskType), getProjectModelTask(project.taskType));
  const strategies = settings.strategies ?? listModelStrategies(kind).flatMap(({ id }) => (findStrategyModelConflict(id as ProjectStrategyId, kind) === null ? [id] : []));
  const job = await requestSimulation(db, null, project.id, { ...settings, kind, strategies }).catch((error: unknown) => {
    // The settings' own words for a person, not the validator's list of issues.
    throw error instanceof ZodError ? new Error(error.issues.map((issue) => issue.message).join('; ')) : error;
  });
  const done = await runJobHere(db, compute, { jobId: job.id, kind: 'simulate', onProgress });
  if (done.status !== 'succeeded' || !done.result) throw new Error(`the simulation (job ${job.id}) failed: ${done.error ?? 'no result'}`);
  return { result: done.result as unknown as SimulationResult, jobId: job.id, taskType: project.taskType };
}

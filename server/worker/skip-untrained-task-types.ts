import type { TTaskType } from '@/db/schema';
import type { TJobRunContext } from '@/server/services/learning/run-training-job';
import { getProject } from '@/server/services/projects/projects';

/** Task types whose models this build does not train yet, and what their projects' jobs say instead. */
export const MODELS_PENDING: Partial<Record<TTaskType, string>> = {
  spans: 'Span projects are not trained yet in this build. Labeling and review work.',
};

type THandler = (ctx: TJobRunContext) => Promise<Record<string, unknown>>;

/**
 * A training or simulation job of a project whose task type has no model yet ends as skipped with
 * the reason, instead of running the single-label text models on what is not one label per text (a
 * model of "cat_001.jpg" learns file names; a set of labels is not a class).
 */
export function skipUntrainedTaskTypes(handler: THandler): THandler {
  return async (ctx) => {
    if (ctx.job.projectId === null) return handler(ctx);
    const reason = MODELS_PENDING[(await getProject(ctx.db, ctx.job.projectId)).taskType];
    return reason ? { skipped: true, reason } : handler(ctx);
  };
}

import type { TJobRunContext } from '@/server/services/learning/run-training-job';
import { getProject } from '@/server/services/projects/projects';

export const IMAGE_MODELS_PENDING = 'Image projects are not trained yet: the image models (pixel features, CNN) are not in this build. Labeling, review, quality and exports work.';

type THandler = (ctx: TJobRunContext) => Promise<Record<string, unknown>>;

/**
 * Until the learning side handles images, a training or simulation job of an image project ends as
 * skipped with the reason, instead of featurizing file names as if they were the items' texts (a
 * model of "cat_001.jpg" would learn the file names, not the pictures). Remove when run-training-job
 * and the simulator take image projects.
 */
export function skipImageProjects(handler: THandler): THandler {
  return async (ctx) => {
    if (ctx.job.projectId !== null && (await getProject(ctx.db, ctx.job.projectId)).taskType === 'image_classification') {
      return { skipped: true, reason: IMAGE_MODELS_PENDING };
    }
    return handler(ctx);
  };
}

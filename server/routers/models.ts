import { redrawEvalSet } from '@/server/services/learning/eval-set';
import { getLearningOverview, requestTraining, updateLearningSettings } from '@/server/services/learning/learning-settings';
import { compareModelVersions, getModelVersion, listModelVersions, pinModelVersion, unpinModelVersion } from '@/server/services/learning/model-versions';
import { listSimulations, requestSimulation } from '@/server/services/learning/strategy-simulation';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZCompareVersionsInput, ZListInput, ZRedrawEvalSetInput, ZSimulateInput, ZUpdateLearningSettingsInput, ZVersionIdInput } from './models.schema';

/** The model page: versions and their metrics for anyone who sees quality; changing how the project learns is model.manage. */
export const modelsRouter = router({
  overview: projectProcedure('quality.view').query(({ ctx }) => getLearningOverview(ctx.db, ctx.project.id)),
  versions: projectProcedure('quality.view')
    .input(ZListInput)
    .query(({ ctx, input }) => listModelVersions(ctx.db, ctx.project.id, { limit: input.limit })),
  version: projectProcedure('quality.view')
    .input(ZVersionIdInput)
    .query(({ ctx, input }) => getModelVersion(ctx.db, ctx.project.id, input.versionId)),
  compare: projectProcedure('quality.view')
    .input(ZCompareVersionsInput)
    .query(({ ctx, input }) => compareModelVersions(ctx.db, ctx.project.id, input.a, input.b)),
  simulations: projectProcedure('quality.view').query(({ ctx }) => listSimulations(ctx.db, ctx.project.id)),
  train: projectProcedure('model.manage').mutation(({ ctx }) => requestTraining(ctx.db, ctx.actor, ctx.project.id)),
  pin: projectProcedure('model.manage')
    .input(ZVersionIdInput)
    .mutation(({ ctx, input }) => pinModelVersion(ctx.db, ctx.actor, ctx.project.id, input.versionId)),
  unpin: projectProcedure('model.manage').mutation(({ ctx }) => unpinModelVersion(ctx.db, ctx.actor, ctx.project.id)),
  updateSettings: projectProcedure('model.manage')
    .input(ZUpdateLearningSettingsInput)
    .mutation(({ ctx, input }) => updateLearningSettings(ctx.db, ctx.actor, ctx.project.id, input.settings)),
  redrawEvalSet: projectProcedure('model.manage')
    .input(ZRedrawEvalSetInput)
    .mutation(({ ctx, input }) => redrawEvalSet(ctx.db, ctx.actor, ctx.project.id, { fraction: input.fraction })),
  simulate: projectProcedure('model.manage')
    .input(ZSimulateInput)
    .mutation(async ({ ctx, input }) => {
      const job = await requestSimulation(ctx.db, ctx.actor, ctx.project.id, input.settings);
      return { jobId: job.id };
    }),
});

import { getLabelingProgress } from '@/server/services/queue/progress';
import { leaseNextItem, skipItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { undoSkip } from '@/server/services/queue/undo-skip';
import { undoSubmission } from '@/server/services/queue/undo-submission';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZNextTaskInput, ZProgressInput, ZSkipInput, ZSubmitLabelInput, ZUndoInput, ZUndoSkipInput } from './label.schema';

/** The annotator's side: every procedure acts as the caller, on their own leases and labels only. */
export const labelRouter = router({
  // A mutation: it leases the item (a write), and must not be cached, prefetched or replayed by a GET.
  next: projectProcedure('label.submit')
    .input(ZNextTaskInput)
    .mutation(({ ctx, input }) => leaseNextItem(ctx.db, ctx.actor, { projectId: ctx.project.id, excludeItemIds: input.excludeItemIds })),
  submit: projectProcedure('label.submit')
    .input(ZSubmitLabelInput)
    .mutation(({ ctx, input }) => submitAnnotation(ctx.db, ctx.actor, { ...input, projectId: ctx.project.id })),
  skip: projectProcedure('label.submit')
    .input(ZSkipInput)
    .mutation(({ ctx, input }) => skipItem(ctx.db, ctx.actor, { ...input, projectId: ctx.project.id })),
  undo: projectProcedure('label.submit')
    .input(ZUndoInput)
    .mutation(({ ctx, input }) => undoSubmission(ctx.db, ctx.actor, { projectId: ctx.project.id, annotationId: input.annotationId })),
  // The annotator's own skip only: the service looks it up by the caller's id.
  undoSkip: projectProcedure('label.submit')
    .input(ZUndoSkipInput)
    .mutation(({ ctx, input }) => undoSkip(ctx.db, ctx.actor, { projectId: ctx.project.id, itemId: input.itemId })),
  progress: projectProcedure('label.submit')
    .input(ZProgressInput)
    .query(({ ctx, input }) => getLabelingProgress(ctx.db, ctx.actor, { projectId: ctx.project.id, since: input.since })),
});

import { acceptFinalLabels, addReviewComment, decideItem, getReviewItem, listReviewQueue, setAnnotationStatus } from '@/server/services/review/review';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZAcceptManyInput, ZAnnotationStatusInput, ZCommentInput, ZDecideInput, ZReviewItemInput, ZReviewQueueInput } from './review.schema';

/** The reviewer's side: sees every annotation of an item (annotators never do) and decides. */
export const reviewRouter = router({
  queue: projectProcedure('review.decide')
    .input(ZReviewQueueInput)
    .query(({ ctx, input }) => listReviewQueue(ctx.db, ctx.project.id, { reason: input.reason })),
  item: projectProcedure('review.decide')
    .input(ZReviewItemInput)
    .query(({ ctx, input }) => getReviewItem(ctx.db, ctx.project.id, input.itemId)),
  decide: projectProcedure('review.decide')
    .input(ZDecideInput)
    .mutation(({ ctx, input }) => decideItem(ctx.db, ctx.actor, { ...input, projectId: ctx.project.id })),
  acceptMany: projectProcedure('review.decide')
    .input(ZAcceptManyInput)
    .mutation(({ ctx, input }) => acceptFinalLabels(ctx.db, ctx.actor, { projectId: ctx.project.id, items: input.items })),
  setAnnotationStatus: projectProcedure('review.decide')
    .input(ZAnnotationStatusInput)
    .mutation(({ ctx, input }) => setAnnotationStatus(ctx.db, ctx.actor, { ...input, projectId: ctx.project.id })),
  comment: projectProcedure('review.decide')
    .input(ZCommentInput)
    .mutation(({ ctx, input }) => addReviewComment(ctx.db, ctx.actor, { ...input, projectId: ctx.project.id })),
});

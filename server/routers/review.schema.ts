import { z } from 'zod';
import { MAX_BULK_ACCEPT, MAX_COMMENT_LENGTH } from '@/server/services/review/limits';
import { ZReviewReason } from '@/server/services/review/review-reason-input';
import { ZBigId, ZId } from '@/server/ids';
import { ONE_ANSWER_MESSAGE, refineOneAnswer, ZAnswerFields } from '@/server/services/queue/answer-schema';

export const ZReviewItemInput = z.object({ projectId: ZId, itemId: ZBigId });

export const ZDecideInput = z
  .object({
    projectId: ZId,
    itemId: ZBigId,
    comment: z.string().trim().max(MAX_COMMENT_LENGTH).nullish(),
  })
  .extend(ZAnswerFields.shape)
  .refine(refineOneAnswer, ONE_ANSWER_MESSAGE);

export const ZAnnotationStatusInput = z.object({
  projectId: ZId,
  annotationId: ZBigId,
  status: z.enum(['accepted', 'rejected']),
});

export const ZCommentInput = z.object({
  projectId: ZId,
  itemId: ZBigId,
  body: z.string().trim().min(1, 'A comment needs some text').max(MAX_COMMENT_LENGTH),
});

export { ZReviewReason };

export const ZReviewQueueInput = z.object({ projectId: ZId, reason: ZReviewReason.nullish() });

export const ZAcceptManyInput = z.object({
  projectId: ZId,
  /** Each item with the final answer the reviewer saw and accepts. */
  items: z
    .array(z.object({ itemId: ZBigId }).extend(ZAnswerFields.shape).refine(refineOneAnswer, ONE_ANSWER_MESSAGE))
    .min(1, 'Choose at least one item to accept')
    .max(MAX_BULK_ACCEPT, `Accept at most ${MAX_BULK_ACCEPT} items at once`)
    .refine((items) => new Set(items.map((item) => item.itemId)).size === items.length, 'Each item may appear once'),
});

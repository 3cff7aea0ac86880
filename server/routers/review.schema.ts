import { z } from 'zod';
import { MAX_COMMENT_LENGTH } from '@/server/services/review/limits';
import { ZBigId, ZId } from '@/server/ids';

export const ZReviewItemInput = z.object({ projectId: ZId, itemId: ZBigId });

export const ZDecideInput = z.object({
  projectId: ZId,
  itemId: ZBigId,
  labelId: ZId,
  comment: z.string().trim().max(MAX_COMMENT_LENGTH).nullish(),
});

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

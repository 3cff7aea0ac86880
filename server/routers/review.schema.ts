import { z } from 'zod';
import { MAX_COMMENT_LENGTH } from '@/server/services/review/limits';

export const ZReviewItemInput = z.object({ projectId: z.number().int(), itemId: z.number().int().positive() });

export const ZDecideInput = z.object({
  projectId: z.number().int(),
  itemId: z.number().int().positive(),
  labelId: z.number().int().positive(),
  comment: z.string().trim().max(MAX_COMMENT_LENGTH).nullish(),
});

export const ZAnnotationStatusInput = z.object({
  projectId: z.number().int(),
  annotationId: z.number().int().positive(),
  status: z.enum(['accepted', 'rejected']),
});

export const ZCommentInput = z.object({
  projectId: z.number().int(),
  itemId: z.number().int().positive(),
  body: z.string().trim().min(1, 'A comment needs some text').max(MAX_COMMENT_LENGTH),
});

import { z } from 'zod';
import { REVIEW_REASONS } from '@/db/schema/review';

/** A review reason as procedures take it (the review queue's filter). */
export const ZReviewReason = z.enum(REVIEW_REASONS);

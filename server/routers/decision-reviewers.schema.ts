import { z } from 'zod';
import { DEFAULT_RELIANCE_DAYS, MAX_RELIANCE_DAYS } from '@/server/services/decisions/reviewer-reliance';
import { ZId } from '@/server/ids';

export { DEFAULT_RELIANCE_DAYS, MAX_RELIANCE_DAYS, MIN_AGREEMENT_GAP, MIN_ANSWERS_PER_ARM, MIN_MODEL_WRONG_CHECKS_PER_ARM } from '@/server/services/decisions/reviewer-reliance';

/** The window the reliance report covers: whole days, at most a year. */
export const ZRelianceDays = z.number().int().min(1).max(MAX_RELIANCE_DAYS).default(DEFAULT_RELIANCE_DAYS);

export const ZReviewerRelianceInput = z.object({ projectId: ZId, days: ZRelianceDays });

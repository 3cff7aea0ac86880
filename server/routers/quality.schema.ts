import { z } from 'zod';

export const ZQualityReportInput = z.object({ projectId: z.number().int() });
export const ZQualityRefreshInput = z.object({ projectId: z.number().int() });

// How far back the activity table reaches, for the page's caption.
export { ACTIVITY_DAYS } from '@/server/services/quality/quality-types';

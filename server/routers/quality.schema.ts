import { z } from 'zod';

export const ZQualityReportInput = z.object({ projectId: z.number().int() });
export const ZQualityRefreshInput = z.object({ projectId: z.number().int() });

import { z } from 'zod';
import { ZId } from '@/server/ids';

export const ZQualityReportInput = z.object({ projectId: ZId });
export const ZQualityRefreshInput = z.object({ projectId: ZId });

// How far back the activity table reaches, for the page's caption.
export { ACTIVITY_DAYS } from '@/server/services/quality/quality-types';

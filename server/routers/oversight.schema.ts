import { z } from 'zod';
import { ZId } from '@/server/ids';
import { DEFAULT_SERIES_DAYS, MAX_SERIES_DAYS, ZMonitorResetReason } from '@/server/services/oversight/oversight-limits';

export { DRIFT_VERDICTS, type TDriftVerdict } from '@/ml/monitor/score-drift';
export { DEFAULT_SERIES_DAYS, MAX_MONITOR_RESET_REASON_LENGTH, MAX_SERIES_DAYS } from '@/server/services/oversight/oversight-limits';

export const ZMonitorStatusInput = z.object({ projectId: ZId });
export const ZOversightDashboardInput = z.object({ projectId: ZId, days: z.number().int().min(1).max(MAX_SERIES_DAYS).default(DEFAULT_SERIES_DAYS) });
export const ZResetMonitorInput = z.object({ projectId: ZId, reason: ZMonitorResetReason });

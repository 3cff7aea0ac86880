import { z } from 'zod';

/**
 * The bounds of the oversight procedures, free of database code so that forms (client components)
 * import them through the router's schema file.
 */
export const DEFAULT_SERIES_DAYS = 30;
export const MAX_SERIES_DAYS = 90;

export const MAX_MONITOR_RESET_REASON_LENGTH = 2000;
export const ZMonitorResetReason = z.string().trim().min(1, 'Say why the monitor may be reset').max(MAX_MONITOR_RESET_REASON_LENGTH);

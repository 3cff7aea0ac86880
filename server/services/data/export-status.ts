import { sql } from 'drizzle-orm';

export const EXPORT_STATUSES = ['all', 'labeled', 'reviewed'] as const;
export type TExportStatus = (typeof EXPORT_STATUSES)[number];

/** Which items an export takes, as a condition on items `i`. */
export const STATUS_FILTERS: Record<TExportStatus, ReturnType<typeof sql>> = {
  all: sql`true`,
  labeled: sql`(i.final_label_id is not null or i.final_value is not null)`,
  reviewed: sql`i.final_source = 'review'`,
};

import { bigint, index, integer, jsonb, pgTable, real, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { items } from './items';
import { projectLabels, projects } from './projects';

/**
 * The quality report of a project, computed from all its annotations by a background step
 * (server/services/quality/refresh.ts) and read whole by the report page, so the page costs one
 * row read however many annotations there are. One row per project; the refresh also leases it.
 */
export const qualitySnapshots = pgTable('quality_snapshots', {
  projectId: integer('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** The computed report (TQualitySnapshot in server/services/quality/quality-types.ts); null until the first refresh. */
  report: jsonb('report').$type<Record<string, unknown>>(),
  computedAt: timestamp('computed_at', { withTimezone: true }),
  /** Highest annotation id the report has seen: anything above it is new. */
  annotationWatermark: bigint('annotation_watermark', { mode: 'number' }).notNull().default(0),
  annotationCount: integer('annotation_count').notNull().default(0),
  durationMs: integer('duration_ms'),
  /** Set while a refresh runs; a lease older than the refresh timeout is taken over (the runner died). */
  refreshStartedAt: timestamp('refresh_started_at', { withTimezone: true }),
  refreshError: text('refresh_error'),
});

/**
 * The Dawid–Skene posterior of every annotated item at the last refresh: how sure the consensus is.
 * items.final_label_id carries the label itself where no reviewer decided.
 */
export const itemConsensus = pgTable(
  'item_consensus',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    labelId: integer('label_id')
      .notNull()
      .references(() => projectLabels.id),
    /** P(true label = labelId | the item's annotations). */
    posterior: real('posterior').notNull(),
    /** P(true label = l) by label id, for every label above 0.001. */
    posteriors: jsonb('posteriors').$type<Record<string, number>>().notNull(),
    /** Annotations that informed it (rejected ones excluded). */
    ratings: smallint('ratings').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('item_consensus_project_idx').on(t.projectId, t.posterior)],
);

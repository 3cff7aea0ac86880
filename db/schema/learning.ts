import { integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { projects } from './projects';

/**
 * Per-project bookkeeping of the learning loop: how many label changes arrived since training was
 * last requested. One narrow row per project, bumped after each submission, so deciding whether to
 * retrain never has to count the labels of a million-item project.
 */
export const learningState = pgTable('learning_state', {
  projectId: integer('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  labelsSinceTrigger: integer('labels_since_trigger').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

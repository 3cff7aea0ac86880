import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { items } from './items';
import { projects } from './projects';

export const REVIEW_REASONS = ['disagreement', 'gold_miss', 'audit', 'model_disagrees', 'likely_mislabeled', 'manual'] as const;
export type TReviewReason = (typeof REVIEW_REASONS)[number];
export const REVIEW_TASK_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type TReviewTaskStatus = (typeof REVIEW_TASK_STATUSES)[number];

/** Why an item needs a person's decision. Any part of Quorum may add one; reviewers resolve them. */
export const reviewTasks = pgTable(
  'review_tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    reason: text('reason').$type<TReviewReason>().notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<TReviewTaskStatus>().notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('review_tasks_open_uq').on(t.itemId, t.reason).where(sql`${t.status} = 'open'`),
    index('review_tasks_queue_idx').on(t.projectId, t.createdAt).where(sql`${t.status} = 'open'`),
  ],
);

export const reviewComments = pgTable(
  'review_comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_comments_item_idx').on(t.itemId, t.createdAt)],
);

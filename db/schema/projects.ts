import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const PROJECT_ROLES = ['annotator', 'reviewer', 'data_scientist', 'manager'] as const;
export type TProjectRole = (typeof PROJECT_ROLES)[number];

/**
 * text_classification: one label per text. multi_label: any subset of the labels per text (the empty
 * set is an answer: "none of these"). spans: labeled character ranges of a text (named entities).
 * image_classification: one label per image.
 */
export const TASK_TYPES = ['text_classification', 'multi_label', 'spans', 'image_classification'] as const;
export type TTaskType = (typeof TASK_TYPES)[number];

export const projects = pgTable('projects', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  instructions: text('instructions').notNull().default(''),
  taskType: text('task_type').$type<TTaskType>().notNull().default('text_classification'),
  // Validated by ZProjectSettings on every read and write; jsonb so new settings need no migration.
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const projectLabels = pgTable(
  'project_labels',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    hotkey: text('hotkey').notNull(),
    color: text('color').notNull(),
    position: integer('position').notNull(),
    // Labels already used by annotations are archived, never deleted, so history keeps its meaning.
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    index('project_labels_project_idx').on(t.projectId, t.position),
    uniqueIndex('project_labels_name_uq').on(t.projectId, t.name).where(sql`${t.archivedAt} is null`),
    uniqueIndex('project_labels_hotkey_uq').on(t.projectId, t.hotkey).where(sql`${t.archivedAt} is null`),
  ],
);

export const projectMembers = pgTable(
  'project_members',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<TProjectRole>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index('project_members_user_idx').on(t.userId),
    check('project_members_role_ck', sql`${t.role} in ('annotator', 'reviewer', 'data_scientist', 'manager')`),
  ],
);

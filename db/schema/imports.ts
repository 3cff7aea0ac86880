import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { projects } from './projects';

/**
 * running: reading and checking the file, its rows written out of sight (PostgreSQL: in the import's
 * transaction; the embedded database: in a spool file); publishing (the embedded database only): every
 * row passed, the spooled chunks are moving into the project (an interrupted publish is finished at
 * start-up); interrupted: the process running it died before publishing, nothing was imported.
 */
export const IMPORT_STATUSES = ['running', 'publishing', 'succeeded', 'failed', 'interrupted'] as const;
export type TImportStatus = (typeof IMPORT_STATUSES)[number];

/** One import run, kept for the record: what came in, what was refused and why. */
export const imports = pgTable(
  'imports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    fileName: text('file_name'),
    format: text('format').notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<TImportStatus>().notNull().default('running'),
    rowsRead: integer('rows_read').notNull().default(0),
    itemsCreated: integer('items_created').notNull().default(0),
    duplicatesSkipped: integer('duplicates_skipped').notNull().default(0),
    annotationsCreated: integer('annotations_created').notNull().default(0),
    predictionsCreated: integer('predictions_created').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    // Spooled chunks written into the project, each in the transaction that counts it: a resumed publish starts after them.
    publishedChunks: integer('published_chunks').notNull().default(0),
    // The first problems found, for the report; the rejected rows themselves go back to the user.
    problems: jsonb('problems').$type<unknown[]>().notNull().default([]),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // Refreshed while the owning process works on the import: a stale one means that process is gone.
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('imports_project_idx').on(t.projectId, t.createdAt), index('imports_unfinished_idx').on(t.heartbeatAt).where(sql`${t.status} in ('running', 'publishing')`)],
);

/**
 * Every row an import refused, as it came in, to hand back as a file to fix and import again. With
 * "skip invalid rows" they are written in the import's transaction, so none is lost however many
 * there are; a refused all-or-nothing import keeps the first rows it reported.
 */
export const importRejectedRows = pgTable(
  'import_rejected_rows',
  {
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    problem: text('problem').notNull(),
    // JSON text rather than jsonb: jsonb cannot hold the NUL characters a refused row may carry.
    recordJson: text('record_json'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);

import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { projects } from './projects';

/**
 * running: reading and checking the file, its rows staged out of sight; publishing: every row passed,
 * the staged rows are moving into the project (an interrupted publish is finished at start-up);
 * interrupted: the process running it died before publishing, nothing was imported.
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
 * Checked rows of an import that is still running, one row per batch as JSON, outside the items
 * table: nobody sees them until the whole file has passed, and each batch commits on its own, so the
 * embedded database's one connection is never held for the whole file.
 */
export const importStagedBatches = pgTable(
  'import_staged_batches',
  {
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    batch: integer('batch').notNull(),
    // Rows with annotations, predictions or a final label, as JSON: publishing writes them through the app.
    rowsJson: text('rows_json'),
    // Any other batch, as the items columns it becomes (one array per column, in file order): publishing
    // inserts them within the database, and the texts cross the connection once.
    externalIds: text('external_ids').array(),
    contentHashes: text('content_hashes').array(),
    texts: text('texts').array(),
    mediaHashes: text('media_hashes').array(),
    metadata: jsonb('metadata').array(),
    goldLabelIds: integer('gold_label_ids').array(),
    goldValues: jsonb('gold_values').array(),
    priorities: real('priorities').array(),
    evalFlags: boolean('eval_flags').array(),
    goldCheckFlags: boolean('gold_check_flags').array(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.batch] })],
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

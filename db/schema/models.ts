import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { items } from './items';
import { projectLabels, projects } from './projects';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const MODEL_VERSION_STATUSES = ['training', 'ready', 'failed'] as const;
export type TModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

/** A trained model: tfjs topology and weights, the featurizer it needs, and how it scored. */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    status: text('status').$type<TModelVersionStatus>().notNull().default('training'),
    kind: text('kind').notNull(),
    strategy: text('strategy').notNull(),
    labelCount: integer('label_count').notNull().default(0),
    featureConfig: jsonb('feature_config').$type<Record<string, unknown>>(),
    trainConfig: jsonb('train_config').$type<Record<string, unknown>>().notNull().default({}),
    metrics: jsonb('metrics').$type<Record<string, unknown>>(),
    topology: jsonb('topology').$type<Record<string, unknown>>(),
    weightSpecs: jsonb('weight_specs').$type<unknown[]>(),
    weights: bytea('weights'),
    backend: text('backend'),
    error: text('error'),
    isPinned: boolean('is_pinned').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('model_versions_project_version_uq').on(t.projectId, t.version)],
);

/**
 * A model's opinion of an item: from a Quorum model version, or imported with an external version
 * name (Label Studio predictions).
 */
export const predictions = pgTable(
  'predictions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    modelVersionId: integer('model_version_id').references(() => modelVersions.id, { onDelete: 'cascade' }),
    externalModelVersion: text('external_model_version'),
    // The top label (single-label and multi_label projects); null for spans.
    labelId: integer('label_id').references(() => projectLabels.id),
    score: real('score'),
    // multi_label: every label's probability ({labelId: p}); spans: the predicted spans with scores.
    value: jsonb('value').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('predictions_item_idx').on(t.itemId, t.createdAt),
    uniqueIndex('predictions_version_item_uq').on(t.modelVersionId, t.itemId).where(sql`${t.modelVersionId} is not null`),
    // Imported predictions: one per item and external version, so re-importing a file adds nothing.
    uniqueIndex('predictions_external_uq')
      .on(t.itemId, sql`coalesce(${t.externalModelVersion}, '')`)
      .where(sql`${t.modelVersionId} is null`),
  ],
);

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type TJobStatus = (typeof JOB_STATUSES)[number];

/**
 * Background work (training, rescoring, simulation) claimed with FOR UPDATE SKIP LOCKED, so it runs
 * the same on PostgreSQL with many workers and on the embedded database with one.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    status: text('status').$type<TJobStatus>().notNull().default('queued'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    error: text('error'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_claim_idx').on(t.runAfter).where(sql`${t.status} = 'queued'`),
    index('jobs_project_idx').on(t.projectId, t.kind, t.createdAt),
    // At most one running job of a kind per project (one training at a time); a claim that would
    // break it fails and the worker moves on (server/services/jobs/jobs.ts).
    uniqueIndex('jobs_running_uq').on(t.projectId, t.kind).where(sql`${t.status} = 'running' and ${t.projectId} is not null`),
    // At most one waiting training per project: more label changes merge into it.
    uniqueIndex('jobs_queued_train_uq').on(t.projectId).where(sql`${t.status} = 'queued' and ${t.kind} = 'train'`),
  ],
);


import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { projectLabels, projects } from './projects';

export const ITEM_STATUSES = ['open', 'labeled', 'in_review', 'reviewed'] as const;
/** open: needs more annotations; labeled: enough annotations, final label decided; in_review: waits for a reviewer; reviewed: a reviewer decided. */
export type TItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * An answer that is not one label: multi_label projects store the chosen label ids (sorted, unique;
 * empty means "none of these"), spans projects the labeled ranges. Span offsets count UTF-16 code
 * units of the item's text, as JavaScript strings and Label Studio do; end is exclusive. Single-label
 * projects (text and image classification) use the label_id columns and leave this null.
 */
export type TStructuredValue = { labelIds: number[] } | { spans: TSpan[] };
export type TSpan = { start: number; end: number; labelId: number };

export const FINAL_LABEL_SOURCES = ['review', 'consensus', 'single', 'gold'] as const;
export type TFinalLabelSource = (typeof FINAL_LABEL_SOURCES)[number];

// Items and annotations are the hot tables (1M+ items per project): integer keys, narrow rows,
// label ids instead of label names, and every lookup by (project_id, ...) is indexed.

export const items = pgTable(
  'items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // project_id, gold_label_id and final_label_id reference projects and project_labels through
    // triggers, not foreign keys (migration 0018, db/item-references.test.ts): a foreign key checks
    // each inserted row with a query of its own, which took 42% of a bulk import's time (issue 17);
    // the triggers check an insert statement's rows in one query, under the same rules.
    projectId: integer('project_id').notNull(),
    externalId: text('external_id'),
    contentHash: text('content_hash').notNull(),
    text: text('text').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    // Known answer from the data owner: hidden from annotators, used for gold checks and evaluation.
    goldLabelId: integer('gold_label_id'),
    finalLabelId: integer('final_label_id'),
    // The known answer and the final answer of multi_label and spans projects (TStructuredValue).
    goldValue: jsonb('gold_value').$type<TStructuredValue>(),
    finalValue: jsonb('final_value').$type<TStructuredValue>(),
    // image_classification: the image (media_objects.hash); text holds its file name or caption. No
    // foreign key: the media row is written before its items, and a per-row trigger on the hot
    // items table costs import throughput (issue 17); an unreferenced media row is harmless.
    mediaHash: text('media_hash'),
    finalSource: text('final_source').$type<TFinalLabelSource>(),
    status: text('status').$type<TItemStatus>().notNull().default('open'),
    annotationCount: smallint('annotation_count').notNull().default(0),
    // Queue order: highest first. A seeded random value until a model version scores the item; the
    // sampling strategy's score afterwards (priority_version_id says which version wrote it).
    priority: real('priority').notNull().default(sql`random()`),
    priorityVersionId: integer('priority_version_id'),
    // Evaluation set: drawn uniformly at random, labeled by people, never picked by uncertainty.
    isEval: boolean('is_eval').notNull().default(false),
    // A gold check: an item with a known answer served to every annotator, unannounced, at the
    // project's gold rate to measure their accuracy. Other gold-labeled items are ordinary items whose
    // known answer stays hidden (evaluation, simulation).
    isGoldCheck: boolean('is_gold_check').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('items_project_idx').on(t.projectId, t.id),
    uniqueIndex('items_external_id_uq').on(t.projectId, t.externalId).where(sql`${t.externalId} is not null`),
    uniqueIndex('items_content_hash_uq').on(t.projectId, t.contentHash).where(sql`${t.externalId} is null`),
    // The annotators' queue (server/services/queue/lease-next-item.ts): the next task is the first entry of one of
    // these, so it stays one index probe at millions of items. Evaluation and gold items are walked in
    // the order of a hash of their id (server/services/queue/overlap.ts), never by model score.
    index('items_queue_idx')
      .on(t.projectId, t.priority.desc())
      .where(sql`${t.status} = 'open' and not ${t.isEval} and not ${t.isGoldCheck}`),
    index('items_eval_queue_idx')
      .on(t.projectId, sql`((${t.id} * 2654435761) % 4294967296)`)
      .where(sql`${t.status} = 'open' and ${t.isEval} and not ${t.isGoldCheck}`),
    index('items_gold_queue_idx').on(t.projectId, sql`((${t.id} * 2654435761) % 4294967296)`).where(sql`${t.isGoldCheck}`),
    // The overview's and the projects list's progress counts (server/services/projects/item-progress.ts):
    // a grouped pass over this narrow index alone (index-only scan), never over the items' texts.
    // Gold-labeled items in id order (hidden gold checks of the decision queue page through them).
    index('items_gold_label_idx').on(t.projectId, t.id).where(sql`${t.goldLabelId} is not null`),
    index('items_progress_idx').on(t.projectId, t.status, t.finalLabelId, t.annotationCount, t.isGoldCheck, t.isEval, t.finalSource),
  ],
);

export const ANNOTATION_STATUSES = ['submitted', 'accepted', 'rejected'] as const;
export const ANNOTATION_SOURCES = ['human', 'import'] as const;
export type TAnnotationSource = (typeof ANNOTATION_SOURCES)[number];
export type TAnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

export const annotations = pgTable(
  'annotations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    annotatorId: text('annotator_id')
      .notNull()
      .references(() => users.id),
    // Single-label projects; null for multi_label and spans, which store value instead.
    labelId: integer('label_id').references(() => projectLabels.id),
    value: jsonb('value').$type<TStructuredValue>(),
    status: text('status').$type<TAnnotationStatus>().notNull().default('submitted'),
    source: text('source').$type<TAnnotationSource>().notNull().default('human'),
    // Generated by the client per submission so a retried request is stored once.
    clientId: uuid('client_id'),
    leadTimeMs: integer('lead_time_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('annotations_item_annotator_uq').on(t.itemId, t.annotatorId),
    uniqueIndex('annotations_client_id_uq').on(t.clientId),
    index('annotations_project_annotator_idx').on(t.projectId, t.annotatorId, t.createdAt),
    check('annotations_answer_ck', sql`${t.labelId} is not null or ${t.value} is not null`),
  ],
);

/** A task handed to an annotator and reserved for them until it expires (or they submit or skip). */
export const itemLeases = pgTable(
  'item_leases',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    annotatorId: text('annotator_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.annotatorId] }), index('item_leases_annotator_idx').on(t.projectId, t.annotatorId, t.expiresAt)],
);

/** Skipped items are not served to the same annotator again; the reason goes to reviewers and managers. */
export const itemSkips = pgTable(
  'item_skips',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    annotatorId: text('annotator_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    clientId: uuid('client_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.annotatorId] }), uniqueIndex('item_skips_client_id_uq').on(t.clientId)],
);

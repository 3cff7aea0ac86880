import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const ACTOR_TYPES = ['user', 'token', 'system'] as const;
export type TActorType = (typeof ACTOR_TYPES)[number];

// Append-only: a trigger (see migrations) rejects UPDATE and DELETE. No foreign keys, so the trail
// outlives the users and projects it mentions.
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id'),
    actorId: text('actor_id'),
    actorType: text('actor_type').$type<TActorType>().notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_events_project_idx').on(t.projectId, t.id),
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

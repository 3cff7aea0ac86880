import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';

export type TAuditInput = {
  actor: TActor | null;
  projectId?: number | null;
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: unknown;
  after?: unknown;
};

/** Appends one event; call it inside the transaction that makes the change, so both land or neither. */
export async function recordAuditEvent(db: Database, input: TAuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    projectId: input.projectId ?? null,
    actorId: input.actor?.userId ?? null,
    actorType: input.actor ? (input.actor.via === 'token' ? 'token' : 'user') : 'system',
    action: input.action,
    subjectType: input.subjectType,
    subjectId: String(input.subjectId),
    before: input.before ?? null,
    after: input.after ?? null,
  });
}

export async function listAuditEvents(db: Database, projectId: number, { limit = 50, beforeId }: { limit?: number; beforeId?: number } = {}) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorName: users.name,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.projectId, projectId), beforeId ? lt(auditEvents.id, beforeId) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}

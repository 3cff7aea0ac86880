import { count, eq } from 'drizzle-orm';
import { accounts, annotations, auditEvents, sessions, users } from '@/db/schema';
import type { TTestHarness } from './harness';

/** Everything an account change could touch, for tests that check a refused change left it alone. */
export async function readAccountState(harness: TTestHarness, userId: string) {
  const [user] = await harness.db
    .select({ role: users.role, banned: users.banned, mustChangePassword: users.mustChangePassword, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  const passwordHashes = await harness.db.select({ password: accounts.password }).from(accounts).where(eq(accounts.userId, userId));
  const [sessionCount] = await harness.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
  const [annotationCount] = await harness.db.select({ n: count() }).from(annotations).where(eq(annotations.annotatorId, userId));
  return {
    user: user ?? null,
    passwordHashes: passwordHashes.map((row) => row.password),
    sessions: sessionCount?.n ?? 0,
    annotations: annotationCount?.n ?? 0,
  };
}

export async function listAuditActions(harness: TTestHarness): Promise<{ action: string; subjectId: string; after: unknown }[]> {
  return harness.db.select({ action: auditEvents.action, subjectId: auditEvents.subjectId, after: auditEvents.after }).from(auditEvents).orderBy(auditEvents.id);
}

export async function countAllUsers(harness: TTestHarness): Promise<number> {
  const [row] = await harness.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

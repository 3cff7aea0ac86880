import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projectMembers, users, type TProjectRole } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';

export async function listMembers(db: Database, projectId: number) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: projectMembers.role, addedAt: projectMembers.createdAt })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.name));
}

export async function addMember(db: Database, actor: TActor | null, projectId: number, input: { email: string; role: TProjectRole }) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, input.email.trim().toLowerCase()));
    if (!user) throw new AppError('NOT_FOUND', `No account uses ${input.email}; create it or send an invite link first`);
    const inserted = await tx.insert(projectMembers).values({ projectId, userId: user.id, role: input.role }).onConflictDoNothing().returning();
    if (inserted.length === 0) throw new AppError('CONFLICT', `${user.name} is already a member of this project`);
    await recordAuditEvent(tx, { actor, projectId, action: 'member.add', subjectType: 'user', subjectId: user.id, after: { role: input.role } });
    return { userId: user.id, role: input.role };
  });
}

export async function setMemberRole(db: Database, actor: TActor, projectId: number, userId: string, role: TProjectRole): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockMember(tx, projectId, userId);
    if (before === role) return;
    if (before === 'manager') await assertAnotherManager(tx, projectId, userId);
    await tx.update(projectMembers).set({ role }).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    await recordAuditEvent(tx, { actor, projectId, action: 'member.role', subjectType: 'user', subjectId: userId, before: { role: before }, after: { role } });
  });
}

export async function removeMember(db: Database, actor: TActor, projectId: number, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockMember(tx, projectId, userId);
    if (before === 'manager') await assertAnotherManager(tx, projectId, userId);
    await tx.delete(projectMembers).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    await recordAuditEvent(tx, { actor, projectId, action: 'member.remove', subjectType: 'user', subjectId: userId, before: { role: before } });
  });
}

async function lockMember(db: Database, projectId: number, userId: string): Promise<TProjectRole> {
  // Locking every manager row serialises concurrent demotions, so two managers cannot demote each other at once.
  await db.execute(sql`select 1 from ${projectMembers} where ${projectMembers.projectId} = ${projectId} and ${projectMembers.role} = 'manager' for update`);
  const [row] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'That user is not a member of this project');
  return row.role;
}

/** A project always keeps a manager, so someone besides the admins can run it. */
async function assertAnotherManager(db: Database, projectId: number, leavingUserId: string): Promise<void> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${projectMembers} where ${projectMembers.projectId} = ${projectId} and ${projectMembers.role} = 'manager' and ${projectMembers.userId} <> ${leavingUserId}`,
  ).then((result) => result.rows);
  if (!row || Number(row.n) === 0) throw new AppError('BAD_REQUEST', 'A project needs at least one manager; make someone else manager first');
}

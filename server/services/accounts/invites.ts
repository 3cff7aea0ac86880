import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invites, projectMembers, projects, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { Auth } from '@/server/auth/auth';
import { AppError } from '@/server/errors';
import { ZCreateInviteInput, type TCreateInviteInput, type TNewAccount } from './account-input';
import { createAccount, type TUserSummary } from './accounts';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { generateSecret, hashSecret } from '@/server/auth/secrets';

const INVITE_PREFIX = 'inv_';

export async function createInvite(db: Database, actor: TActor, rawInput: TCreateInviteInput): Promise<{ id: string; token: string; expiresAt: Date }> {
  const input = ZCreateInviteInput.parse(rawInput);
  const token = generateSecret(INVITE_PREFIX);
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  return db.transaction(async (tx) => {
    if (input.projectId !== undefined) {
      const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId));
      if (!project) throw new AppError('NOT_FOUND', 'Project not found');
    }
    const [row] = await tx
      .insert(invites)
      .values({
        tokenHash: hashSecret(token),
        createdBy: actor.userId,
        email: input.email ?? null,
        globalRole: input.globalRole,
        projectId: input.projectId ?? null,
        projectRole: input.projectRole ?? null,
        expiresAt,
      })
      .returning({ id: invites.id });
    if (!row) throw new Error('invite insert returned nothing');
    await recordAuditEvent(tx, {
      actor,
      projectId: input.projectId ?? null,
      action: 'invite.create',
      subjectType: 'invite',
      subjectId: row.id,
      after: { email: input.email ?? null, globalRole: input.globalRole, projectRole: input.projectRole ?? null, expiresAt },
    });
    return { id: row.id, token, expiresAt };
  });
}

export async function listOpenInvites(db: Database) {
  return db
    .select({
      id: invites.id,
      email: invites.email,
      globalRole: invites.globalRole,
      projectName: projects.name,
      projectRole: invites.projectRole,
      expiresAt: invites.expiresAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .leftJoin(projects, eq(projects.id, invites.projectId))
    .where(and(isNull(invites.usedAt), gt(invites.expiresAt, new Date())))
    .orderBy(desc(invites.createdAt));
}

export async function revokeInvite(db: Database, actor: TActor, inviteId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invites)
      .set({ expiresAt: new Date() })
      .where(and(eq(invites.id, inviteId), isNull(invites.usedAt)))
      .returning({ id: invites.id, projectId: invites.projectId });
    if (!row) throw new AppError('NOT_FOUND', 'No such open invite');
    await recordAuditEvent(tx, { actor, projectId: row.projectId, action: 'invite.revoke', subjectType: 'invite', subjectId: row.id });
  });
}

/** What the invite page shows before the person fills in the form. */
export async function describeInvite(db: Database, token: string) {
  const [row] = await db
    .select({ email: invites.email, projectName: projects.name, projectRole: invites.projectRole, expiresAt: invites.expiresAt, usedAt: invites.usedAt })
    .from(invites)
    .leftJoin(projects, eq(projects.id, invites.projectId))
    .where(eq(invites.tokenHash, hashSecret(token)));
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return { email: row.email, projectName: row.projectName, projectRole: row.projectRole, expiresAt: row.expiresAt };
}

/** Claims the invite first (one use only), then creates the account; a failure hands the claim back. */
export async function acceptInvite(db: Database, auth: Auth, token: string, account: TNewAccount): Promise<TUserSummary> {
  const tokenHash = hashSecret(token);
  const [invite] = await db
    .update(invites)
    .set({ usedAt: new Date() })
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, new Date())))
    .returning();
  if (!invite) throw new AppError('NOT_FOUND', 'This invite link is invalid, used or expired; ask for a new one');
  if (invite.email && invite.email !== account.email.trim().toLowerCase()) {
    await db.update(invites).set({ usedAt: null }).where(eq(invites.id, invite.id));
    throw new AppError('BAD_REQUEST', `This invite is for ${invite.email}`);
  }
  let user: TUserSummary;
  try {
    user = await createAccount(db, auth, null, { ...account, globalRole: invite.globalRole === 'manager' ? 'manager' : 'user' });
  } catch (error) {
    await db.update(invites).set({ usedAt: null }).where(eq(invites.id, invite.id));
    throw error;
  }
  await db.transaction(async (tx) => {
    await tx.update(invites).set({ usedBy: user.id }).where(eq(invites.id, invite.id));
    if (invite.projectId !== null && invite.projectRole !== null) {
      await tx.insert(projectMembers).values({ projectId: invite.projectId, userId: user.id, role: invite.projectRole }).onConflictDoNothing();
    }
    const actor: TActor = { userId: user.id, name: user.name, email: user.email, globalRole: user.globalRole, via: 'session' };
    await recordAuditEvent(tx, {
      actor,
      projectId: invite.projectId,
      action: 'invite.accept',
      subjectType: 'invite',
      subjectId: invite.id,
      after: { userId: user.id, projectRole: invite.projectRole },
    });
  });
  return user;
}

export async function findUserIdByEmail(db: Database, email: string): Promise<string | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row?.id ?? null;
}

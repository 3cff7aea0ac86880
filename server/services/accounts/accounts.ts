import { asc, count, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { instanceSettings, sessions, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { Auth } from '@/server/auth/auth';
import { assertAcceptablePassword } from '@/server/auth/password-policy';
import { parseGlobalRole, type TGlobalRole } from '@/server/auth/roles';
import { AppError } from '@/server/errors';
import { ZCreateUserInput, type TCreateUserInput } from './account-input';
import { recordAuditEvent } from '@/server/services/audit/audit-events';

export type TUserSummary = { id: string; name: string; email: string; globalRole: TGlobalRole; disabled: boolean; createdAt: Date };

/**
 * Creates an account through better-auth (it owns password hashing). Runs outside any caller
 * transaction because better-auth uses its own connection; callers claim what they need first.
 */
export async function createAccount(db: Database, auth: Auth, actor: TActor | null, rawInput: TCreateUserInput): Promise<TUserSummary> {
  const input = ZCreateUserInput.parse(rawInput);
  await assertAcceptablePassword(input.password, input);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing) throw new AppError('CONFLICT', `An account with ${input.email} already exists`);
  const { user } = await auth.api.createUser({ body: { email: input.email, password: input.password, name: input.name } });
  // A password an admin chose is known to the admin: its owner replaces it before using the app.
  // Setup, invites and the demo seed have the owner choose (or publish) it themselves.
  const mustChangePassword = actor !== null;
  // better-auth's admin plugin only types its own roles; Quorum's global role is set here.
  if (input.globalRole !== 'user' || mustChangePassword) {
    await db.update(users).set({ role: input.globalRole, mustChangePassword }).where(eq(users.id, user.id));
  }
  await recordAuditEvent(db, {
    actor,
    action: 'user.create',
    subjectType: 'user',
    subjectId: user.id,
    after: { email: input.email, name: input.name, globalRole: input.globalRole, mustChangePassword },
  });
  return { id: user.id, name: user.name, email: user.email, globalRole: input.globalRole, disabled: false, createdAt: user.createdAt };
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

const SETUP_KEY = 'first_admin_claimed';

/** The first account of a fresh instance becomes its admin; only one request can ever claim that. */
export async function createFirstAdmin(db: Database, auth: Auth, input: { name: string; email: string; password: string }): Promise<TUserSummary> {
  if ((await countUsers(db)) > 0) throw new AppError('CONFLICT', 'This Quorum instance already has an admin; sign in instead');
  const claimed = await db.insert(instanceSettings).values({ key: SETUP_KEY, value: new Date().toISOString() }).onConflictDoNothing().returning();
  if (claimed.length === 0) throw new AppError('CONFLICT', 'This Quorum instance already has an admin; sign in instead');
  try {
    return await createAccount(db, auth, null, { ...input, globalRole: 'admin' });
  } catch (error) {
    await db.delete(instanceSettings).where(eq(instanceSettings.key, SETUP_KEY));
    throw error;
  }
}

export async function listUsers(db: Database): Promise<TUserSummary[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, banned: users.banned, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.name));
  return rows.map(({ role, banned, ...row }) => ({ ...row, globalRole: parseGlobalRole(role), disabled: banned }));
}

async function lockUser(db: Database, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'No such user');
  return row;
}

/** An instance must always keep one enabled admin, or nobody could manage accounts again. */
async function assertAnotherAdmin(db: Database, userId: string): Promise<void> {
  const result = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${users} where ${users.role} = 'admin' and not ${users.banned} and ${users.id} <> ${userId}`,
  );
  if (Number(result.rows[0]?.n ?? 0) === 0) throw new AppError('BAD_REQUEST', 'This is the last active admin; make someone else admin first');
}

export async function setGlobalRole(db: Database, actor: TActor, userId: string, role: TGlobalRole): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${users} where ${users.role} = 'admin' for update`);
    const before = await lockUser(tx, userId);
    if (before.role === role) return;
    if (before.role === 'admin') await assertAnotherAdmin(tx, userId);
    await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAuditEvent(tx, { actor, action: 'user.role', subjectType: 'user', subjectId: userId, before: { role: before.role }, after: { role } });
  });
}

/** Disabling signs the user out everywhere and stops their API tokens (the token check reads `banned`). */
export async function setUserDisabled(db: Database, actor: TActor, userId: string, disabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${users} where ${users.role} = 'admin' for update`);
    const before = await lockUser(tx, userId);
    if (before.banned === disabled) return;
    if (disabled && before.role === 'admin') await assertAnotherAdmin(tx, userId);
    await tx
      .update(users)
      .set({ banned: disabled, banReason: disabled ? 'Disabled by an admin' : null, updatedAt: new Date() })
      .where(eq(users.id, userId));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAuditEvent(tx, { actor, action: disabled ? 'user.disable' : 'user.enable', subjectType: 'user', subjectId: userId });
  });
}

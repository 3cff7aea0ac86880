import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { accounts, sessions, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { Auth } from '@/server/auth/auth';
import { assertAcceptablePassword } from '@/server/auth/password-policy';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { ZChangePasswordInput, type TChangePasswordInput } from './account-input';

/**
 * Replaces the signed-in person's password after checking the current one, signs out every other
 * session (whoever else knew the old password is out) and keeps this one. The account row stays
 * locked from the check to the write, so two changes at once cannot both pass on the old password.
 */
export async function changePassword(db: Database, auth: Auth, actor: TActor, sessionId: string, rawInput: TChangePasswordInput): Promise<{ otherSessionsSignedOut: number }> {
  const input = ZChangePasswordInput.parse(rawInput);
  // better-auth owns the hashing (scrypt by default); the app only asks it to hash and verify.
  const { password: hasher } = await auth.$context;
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, password: accounts.password })
      .from(accounts)
      .where(and(eq(accounts.userId, actor.userId), eq(accounts.providerId, 'credential')))
      .for('update');
    if (!account?.password) throw new AppError('BAD_REQUEST', 'This account has no password to change');
    if (!(await hasher.verify({ hash: account.password, password: input.currentPassword }))) {
      throw new AppError('BAD_REQUEST', 'The current password is not right');
    }
    await assertAcceptablePassword(input.newPassword, actor);
    const now = new Date();
    await tx.update(accounts).set({ password: await hasher.hash(input.newPassword), updatedAt: now }).where(eq(accounts.id, account.id));
    await tx.update(users).set({ mustChangePassword: false, updatedAt: now }).where(eq(users.id, actor.userId));
    const signedOut = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.userId), ne(sessions.id, sessionId)))
      .returning({ id: sessions.id });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.password',
      subjectType: 'user',
      subjectId: actor.userId,
      after: { otherSessionsSignedOut: signedOut.length },
    });
    return { otherSessionsSignedOut: signedOut.length };
  });
}

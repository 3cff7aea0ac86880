import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { accounts, sessions, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { Auth } from '@/server/auth/auth';
import { assertAcceptablePassword } from '@/server/auth/password-policy';
import { beginSignInAttempt, finishSignInAttempt } from '@/server/auth/sign-in-limit';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { ZChangePasswordInput, type TChangePasswordInput } from './account-input';

/**
 * Replaces the signed-in person's password after checking the current one, signs out every other
 * session (whoever else knew the old password is out) and keeps this one. The account row stays
 * locked from the check to the write, so two changes at once cannot both pass on the old password.
 */
export async function changePassword(
  db: Database,
  auth: Auth,
  actor: TActor,
  sessionId: string,
  rawInput: TChangePasswordInput,
): Promise<{ otherSessionsSignedOut: number }> {
  const input = ZChangePasswordInput.parse(rawInput);
  // A stolen session must not become a way to guess the password: wrong current passwords back off
  // like wrong sign-ins, on the account (with the session standing in for the client address).
  const attempt = { email: actor.email, address: `session:${sessionId}` };
  const verdict = await beginSignInAttempt(db, attempt, auth.signInLimit);
  if (!verdict.allowed) throw new AppError('TOO_MANY_REQUESTS', `Too many wrong passwords: try again in ${formatWait(verdict.retryAfterSeconds)}`);
  let outcome: 'wrong-password' | 'signed-in' | 'other' = 'other';
  try {
    const result = await replacePassword(db, auth, actor, sessionId, input, () => (outcome = 'wrong-password'));
    outcome = 'signed-in';
    return result;
  } finally {
    await finishSignInAttempt(db, attempt, outcome);
  }
}

function formatWait(seconds: number): string {
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

async function replacePassword(db: Database, auth: Auth, actor: TActor, sessionId: string, input: TChangePasswordInput, onWrongPassword: () => void) {
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
      onWrongPassword();
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

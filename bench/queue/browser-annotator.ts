import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { createAuth } from '@/server/auth/auth';
import { resolveAuthSecret } from '@/server/auth/secret';
import { createAccount } from '@/server/services/accounts/accounts';
import { recordProfileChange } from '@/server/services/accounts/profile-audit';
import { addMember } from '@/server/services/projects/members';

/**
 * An annotator of the project who signs in through the real sign-in page (the browser benchmark):
 * created by better-auth like every account, so the password is hashed as the server checks it.
 * The bench project's annotators are inserted without passwords (they use API tokens) and cannot.
 * No actor: an account an admin creates must change its password before labeling.
 */
export async function createBrowserAnnotator(db: Database, projectId: number): Promise<{ email: string; password: string }> {
  const auth = createAuth(db, {
    // Password hashes do not depend on the secret; the stored one keeps this instance's secret as it is.
    secret: await resolveAuthSecret(db, process.env.QUORUM_SECRET),
    signInLimit: 1000,
    onProfileChange: (change) => recordProfileChange(db, change),
  });
  const suffix = randomBytes(4).toString('hex');
  const email = `browser-annotator-${suffix}@bench.quorum`;
  const password = randomBytes(18).toString('base64url');
  await createAccount(db, auth, null, { name: `Browser annotator ${suffix}`, email, password, globalRole: 'user' });
  await addMember(db, null, projectId, { email, role: 'annotator' });
  return { email, password };
}

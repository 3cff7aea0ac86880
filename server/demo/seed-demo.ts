import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users, type TProjectRole } from '@/db/schema';
import type { Auth } from '@/server/auth/auth';
import type { TGlobalRole } from '@/server/auth/roles';
import { createAccount } from '@/server/services/accounts/accounts';

export const DEFAULT_DEMO_PASSWORD = 'quorum-demo-pass';

export type TDemoUser = { name: string; email: string; globalRole: TGlobalRole; projectRole: TProjectRole | null };

export const DEMO_USERS: TDemoUser[] = [
  { name: 'Ada Admin', email: 'admin@demo.quorum', globalRole: 'admin', projectRole: null },
  { name: 'Maya Manager', email: 'manager@demo.quorum', globalRole: 'manager', projectRole: 'manager' },
  { name: 'Dana Scientist', email: 'scientist@demo.quorum', globalRole: 'user', projectRole: 'data_scientist' },
  { name: 'Rui Reviewer', email: 'reviewer@demo.quorum', globalRole: 'user', projectRole: 'reviewer' },
  { name: 'Ana Annotator', email: 'annotator1@demo.quorum', globalRole: 'user', projectRole: 'annotator' },
  { name: 'Ben Annotator', email: 'annotator2@demo.quorum', globalRole: 'user', projectRole: 'annotator' },
];

/** Creates the demo accounts that do not exist yet; running it again changes nothing. */
export async function seedDemoUsers(db: Database, auth: Auth, password: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const user of DEMO_USERS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, user.email));
    const id = existing?.id ?? (await createAccount(db, auth, null, { ...user, password })).id;
    ids.set(user.email, id);
  }
  return ids;
}

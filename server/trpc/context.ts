import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import type { Auth } from '@/server/auth/auth';
import { resolveCaller, type TSessionState } from '@/server/auth/resolve-actor';

export type TContext = {
  db: Database;
  auth: Auth;
  actor: TActor | null;
  /** The browser session behind `actor`; absent for API tokens and for callers built in tests. */
  session?: TSessionState | null;
  headers: Headers;
};

export async function createContext({ db, auth, headers }: { db: Database; auth: Auth; headers: Headers }): Promise<TContext> {
  const { actor, session } = await resolveCaller(db, auth, headers);
  return { db, auth, headers, actor, session };
}

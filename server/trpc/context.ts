import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import type { Auth } from '@/server/auth/auth';
import { resolveActor } from '@/server/auth/resolve-actor';

export type TContext = {
  db: Database;
  auth: Auth;
  actor: TActor | null;
  headers: Headers;
};

export async function createContext({ db, auth, headers }: { db: Database; auth: Auth; headers: Headers }): Promise<TContext> {
  return { db, auth, headers, actor: await resolveActor(db, auth, headers) };
}

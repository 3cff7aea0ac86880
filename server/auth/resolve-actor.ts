import type { Database } from '@/db/client';
import type { TActor } from './actor';
import type { Auth } from './auth';
import { authenticateApiToken } from './authenticate-api-token';
import { parseGlobalRole } from './roles';

/** A browser session's own facts, beyond who it is (an API token has none). */
export type TSessionState = { id: string; mustChangePassword: boolean };

export type TCaller = { actor: TActor | null; session: TSessionState | null };

/** Resolves the caller from a bearer token (CLI, HTTP API) or else the session cookie (browser). */
export async function resolveCaller(db: Database, auth: Auth, headers: Headers): Promise<TCaller> {
  const authorization = headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    return { actor: await authenticateApiToken(db, authorization.slice('bearer '.length).trim()), session: null };
  }
  const session = await auth.api.getSession({ headers });
  if (!session || session.user.banned) return { actor: null, session: null };
  return {
    actor: {
      userId: session.user.id,
      name: session.user.name,
      email: session.user.email,
      globalRole: parseGlobalRole(session.user.role),
      via: 'session',
    },
    session: { id: session.session.id, mustChangePassword: session.user.mustChangePassword === true },
  };
}

/**
 * The caller for doors that have no change-password page (the HTTP API): a session whose password
 * must change first is not signed in there yet.
 */
export async function resolveActor(db: Database, auth: Auth, headers: Headers): Promise<TActor | null> {
  const { actor, session } = await resolveCaller(db, auth, headers);
  return session?.mustChangePassword ? null : actor;
}

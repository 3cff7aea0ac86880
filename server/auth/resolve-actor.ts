import type { Database } from '@/db/client';
import type { TActor } from './actor';
import type { Auth } from './auth';
import { authenticateApiToken } from './authenticate-api-token';
import { parseGlobalRole } from './roles';

/** Resolves the caller from a bearer token (CLI, HTTP API) or else the session cookie (browser). */
export async function resolveActor(db: Database, auth: Auth, headers: Headers): Promise<TActor | null> {
  const authorization = headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    return authenticateApiToken(db, authorization.slice('bearer '.length).trim());
  }
  const session = await auth.api.getSession({ headers });
  if (!session || session.user.banned) return null;
  return {
    userId: session.user.id,
    name: session.user.name,
    email: session.user.email,
    globalRole: parseGlobalRole(session.user.role),
    via: 'session',
  };
}

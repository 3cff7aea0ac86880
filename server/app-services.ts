import type { Database, DatabaseKind } from '@/db/client';
import { getDatabase } from '@/db/open';
import { createAuth, type Auth } from './auth/auth';
import { resolveAuthSecret } from './auth/secret';
import { getEnv, resolveDatabaseTarget } from './env';
import { recordProfileChange } from './services/accounts/profile-audit';
import type { TTrustedProxies } from './security/trusted-proxies';

/** Request-size limits in bytes: JSON bodies (tRPC, sign-in) and streamed import files. */
export type TBodyLimits = { json: number; import: number };
export type TAppServices = { db: Database; kind: DatabaseKind; auth: Auth; trustedProxies: TTrustedProxies; bodyLimits: TBodyLimits };
type ServicesGlobal = typeof globalThis & { __quorumServices?: Promise<TAppServices> };

/** Database and auth for this process, created on first use (never at import, so `next build` stays offline). */
export function getAppServices(): Promise<TAppServices> {
  const store = globalThis as ServicesGlobal;
  store.__quorumServices ??= createServices().catch((error: unknown) => {
    store.__quorumServices = undefined;
    throw error;
  });
  return store.__quorumServices;
}

async function createServices(): Promise<TAppServices> {
  const env = getEnv();
  const { db, kind } = await getDatabase(resolveDatabaseTarget(env));
  const secret = await resolveAuthSecret(db, env.QUORUM_SECRET);
  const auth = createAuth(db, {
    secret,
    baseUrl: env.QUORUM_URL,
    signInLimit: env.QUORUM_SIGNIN_LIMIT,
    onProfileChange: (change) => recordProfileChange(db, change),
  });
  console.info(`[quorum] database: ${kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.QUORUM_DATA_DIR}`}`);
  return { db, kind, auth, trustedProxies: env.QUORUM_TRUSTED_PROXIES, bodyLimits: { json: env.QUORUM_JSON_BODY_LIMIT, import: env.QUORUM_IMPORT_BODY_LIMIT } };
}

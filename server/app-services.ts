import type { Database, DatabaseKind } from '@/db/client';
import { getDatabase } from '@/db/open';
import { createAuth, type Auth } from './auth/auth';
import { resolveAuthSecret } from './auth/secret';
import { getEnv, resolveDatabaseTarget } from './env';
import { IMPORT_STALE_MS } from './services/data/import-lease';
import { recoverInterruptedImports } from './services/data/recover-imports';
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
  const auth = createAuth(db, { secret, baseUrl: env.QUORUM_URL, signInLimit: env.QUORUM_SIGNIN_LIMIT });
  console.info(`[quorum] database: ${kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.QUORUM_DATA_DIR}`}`);
  // Imports cut short by a crash. The embedded database has a single process: whatever is unfinished is an orphan.
  void recoverInterruptedImports(db, { staleAfterMs: kind === 'pglite' ? 0 : IMPORT_STALE_MS }).then(
    ({ interrupted, published, failed }) => {
      if (interrupted.length + published.length + failed.length > 0) {
        console.info(`[quorum] imports cut short: ${interrupted.length} marked interrupted, ${published.length} finished publishing, ${failed.length} failed`);
      }
    },
    (error: unknown) => console.error('[quorum] recovering interrupted imports failed:', error),
  );
  return { db, kind, auth, trustedProxies: env.QUORUM_TRUSTED_PROXIES, bodyLimits: { json: env.QUORUM_JSON_BODY_LIMIT, import: env.QUORUM_IMPORT_BODY_LIMIT } };
}

import type { Database, DatabaseKind } from '@/db/client';
import { getDatabase } from '@/db/open';
import { createAuth, type Auth } from './auth/auth';
import { resolveAuthSecret } from './auth/secret';
import { getEnv, resolveDatabaseTarget } from './env';
import { recordProfileChange } from './services/accounts/profile-audit';
import { listenForSignals } from './services/events/listen-for-signals';
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
  const startedAt = new Date();
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
  watchInterruptedImports(db, kind, startedAt);
  // Long-polls here wake when a case is settled by another app server or a worker's deadline sweep.
  if (env.DATABASE_URL) listenForSignals(env.DATABASE_URL);
  return { db, kind, auth, trustedProxies: env.QUORUM_TRUSTED_PROXIES, bodyLimits: { json: env.QUORUM_JSON_BODY_LIMIT, import: env.QUORUM_IMPORT_BODY_LIMIT } };
}

/**
 * Settles imports cut short by a crash: at start-up, then every stale period, because on PostgreSQL
 * a server restarted at once finds its dead import's heartbeat still fresh, and another server may
 * never restart. The embedded database has a single process: at start-up every import that has not
 * beaten since this process started is an orphan.
 */
function watchInterruptedImports(db: Database, kind: DatabaseKind, startedAt: Date): void {
  const sweep = (options: Parameters<typeof recoverInterruptedImports>[1]) =>
    recoverInterruptedImports(db, options).then(
      ({ interrupted, published, failed }) => {
        if (interrupted.length + published.length + failed.length > 0) {
          console.info(`[quorum] imports cut short: ${interrupted.length} marked interrupted, ${published.length} finished publishing, ${failed.length} failed`);
        }
      },
      (error: unknown) => console.error('[quorum] settling interrupted imports failed:', error),
    );
  void sweep(kind === 'pglite' ? { orphanedBefore: startedAt } : {});
  setInterval(() => void sweep({}), IMPORT_STALE_MS).unref();
}

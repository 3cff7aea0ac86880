import { getEnv, resolveDataDir } from '@/server/env';
import type { DatabaseHandle } from './client';

type DatabaseGlobal = typeof globalThis & { __quorumDatabase?: Promise<DatabaseHandle> };

/**
 * The process-wide database: PostgreSQL when DATABASE_URL is set, else the embedded PGlite. Opened
 * lazily on first use and cached on globalThis so hot reloads and every module share one handle.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  const store = globalThis as DatabaseGlobal;
  store.__quorumDatabase ??= openFromEnv().catch((error: unknown) => {
    store.__quorumDatabase = undefined;
    throw error;
  });
  return store.__quorumDatabase;
}

async function openFromEnv(): Promise<DatabaseHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const { migratePostgres, openPostgres } = await import('./postgres');
    await migratePostgres(env.DATABASE_URL);
    return openPostgres(env.DATABASE_URL);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(resolveDataDir(env));
}

export async function closeDatabase(): Promise<void> {
  const store = globalThis as DatabaseGlobal;
  const handle = store.__quorumDatabase;
  store.__quorumDatabase = undefined;
  if (handle) await (await handle).close();
}

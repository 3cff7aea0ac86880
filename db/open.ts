import type { DatabaseHandle } from './client';

/** Where the process's database is: PostgreSQL when a URL is given, else the embedded PGlite in `dataDir`. */
export type TDatabaseTarget = { databaseUrl?: string; dataDir: string };

type DatabaseGlobal = typeof globalThis & { __quorumDatabase?: Promise<DatabaseHandle> };

/**
 * The process-wide database, opened lazily on first use and cached on globalThis so hot reloads
 * and every module share one handle (one process per embedded data directory).
 */
export function getDatabase(target: TDatabaseTarget): Promise<DatabaseHandle> {
  const store = globalThis as DatabaseGlobal;
  store.__quorumDatabase ??= openTarget(target).catch((error: unknown) => {
    store.__quorumDatabase = undefined;
    throw error;
  });
  return store.__quorumDatabase;
}

async function openTarget({ databaseUrl, dataDir }: TDatabaseTarget): Promise<DatabaseHandle> {
  if (databaseUrl) {
    const { migratePostgres, openPostgres } = await import('./postgres');
    await migratePostgres(databaseUrl);
    return openPostgres(databaseUrl);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(dataDir);
}

export async function closeDatabase(): Promise<void> {
  const store = globalThis as DatabaseGlobal;
  const handle = store.__quorumDatabase;
  store.__quorumDatabase = undefined;
  if (handle) await (await handle).close();
}

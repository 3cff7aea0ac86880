import { getEnv, resolveDataDir } from '@/server/env';
import { migratePostgres } from '@/db/postgres';
import { openPglite } from '@/db/pglite';

/** `npm run db:migrate`: PostgreSQL under the advisory lock, or the embedded database in QUORUM_DATA_DIR. */
async function main() {
  const env = getEnv();
  if (env.DATABASE_URL) {
    await migratePostgres(env.DATABASE_URL);
    console.info('[db] PostgreSQL is up to date');
  } else {
    const handle = await openPglite(resolveDataDir(env));
    await handle.close();
    console.info(`[db] embedded database in ${resolveDataDir(env)} is up to date`);
  }
}

main().catch((error: unknown) => {
  console.error(`[db] migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { closeDatabase, getDatabase } from '@/db/open';
import { createAuth } from '@/server/auth/auth';
import { resolveAuthSecret } from '@/server/auth/secret';
import { getEnv, resolveDatabaseTarget } from '@/server/env';
import { recordProfileChange } from '@/server/services/accounts/profile-audit';
import { DEFAULT_DEMO_PASSWORD } from './seed-demo';
import { describeDecisionDemo, describeDemoActivity, seedDemo } from './seed';

/**
 * `node --import tsx server/demo/seed-cli.ts`: seeds the demo into the configured database and exits
 * (`npm run demo` and the e2e demo instance run it beside the build). It opens the database and auth
 * itself rather than through the app services, whose periodic sweep of interrupted imports belongs to
 * a server (here it fired on the closed database at the end).
 */
try {
  const env = getEnv();
  const { db, kind } = await getDatabase(resolveDatabaseTarget(env));
  console.info(`[demo] database: ${kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.QUORUM_DATA_DIR}`}`);
  const auth = createAuth(db, {
    secret: await resolveAuthSecret(db, env.QUORUM_SECRET),
    baseUrl: env.QUORUM_URL,
    signInLimit: env.QUORUM_SIGNIN_LIMIT,
    onProfileChange: (change) => recordProfileChange(db, change),
  });
  const result = await seedDemo(db, auth, env.QUORUM_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD, { log: (line) => console.info(line) });
  if (result.import) console.info(`[demo] imported ${result.import.itemsCreated.toLocaleString('en')} e-mails`);
  console.info(describeDemoActivity(result.activity));
  console.info(describeDecisionDemo(result.decisions));
  await closeDatabase();
  process.exit(0);
} catch (error) {
  console.error(`[demo] seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  await closeDatabase().catch(() => {});
  process.exit(1);
}

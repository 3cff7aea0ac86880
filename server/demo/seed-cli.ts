import { closeDatabase } from '@/db/open';
import { getAppServices } from '@/server/app-services';
import { getEnv } from '@/server/env';
import { DEFAULT_DEMO_PASSWORD } from './seed-demo';
import { describeDemoActivity, seedDemo } from './seed';

/**
 * `node --import tsx server/demo/seed-cli.ts`: seeds the demo into the configured database and exits
 * (`npm run demo` and the e2e demo instance run it beside the build). It exits explicitly: the app
 * services' periodic import sweep would otherwise fire on the closed database before the process ends.
 */
try {
  const { db, auth } = await getAppServices();
  const result = await seedDemo(db, auth, getEnv().QUORUM_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD, { log: (line) => console.info(line) });
  if (result.import) console.info(`[demo] imported ${result.import.itemsCreated.toLocaleString('en')} e-mails`);
  console.info(describeDemoActivity(result.activity));
  await closeDatabase();
  process.exit(0);
} catch (error) {
  console.error(`[demo] seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  await closeDatabase().catch(() => {});
  process.exit(1);
}

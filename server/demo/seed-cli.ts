import { closeDatabase } from '@/db/open';
import { getAppServices } from '@/server/app-services';
import { getEnv } from '@/server/env';
import { DEFAULT_DEMO_PASSWORD } from './seed-demo';
import { describeDemoActivity, seedDemo } from './seed';

/** `tsx server/demo/seed-cli.ts`: seeds the demo into the configured database and exits. */
const { db, auth } = await getAppServices();
const result = await seedDemo(db, auth, getEnv().QUORUM_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD, { log: (line) => console.info(line) });
console.info(`[demo] project ${result.projectId} ready${result.import ? ` (${result.import.itemsCreated} items imported)` : ''}`);
console.info(describeDemoActivity(result.activity));
await closeDatabase();

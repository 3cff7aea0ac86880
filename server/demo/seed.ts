import type { Database } from '@/db/client';
import type { Auth } from '@/server/auth/auth';
import { seedDemoProject } from './seed-demo-project';
import { DEFAULT_DEMO_PASSWORD, seedDemoUsers } from './seed-demo';

/** Demo accounts and the demo project; safe to run on every start. */
export async function seedDemo(db: Database, auth: Auth, password = DEFAULT_DEMO_PASSWORD) {
  const userIds = await seedDemoUsers(db, auth, password);
  const project = await seedDemoProject(db, userIds);
  return { userIds, ...project };
}

import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { instanceSettings } from '@/db/schema';

const SECRET_KEY = 'auth_secret';

/**
 * QUORUM_SECRET when set; otherwise one random secret generated on first start and kept in the
 * database, so every app server on the same database signs sessions alike with no setup.
 */
export async function resolveAuthSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insert(instanceSettings)
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, SECRET_KEY));
  if (!row) throw new Error('Could not read the stored auth secret');
  return row.value;
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { isPooledDatabase } from './is-pooled-database';

/** PostgreSQL on a 2-core machine: one publishing transaction per core while the app waits. */
const POOLED_PUBLISH_WORKERS = 2;

/**
 * How many batches of an import are published at once. The items insert is the database's work and
 * PostgreSQL runs one per connection, so it runs two where batches cannot meet: when every staged batch
 * is items columns (no annotations to check against one another) and every row has an external id
 * (unique within a file, so two batches never insert the same key: they neither wait for one another
 * nor race for which of two equal rows lands first).
 * The embedded database has one connection: one.
 */
export async function countPublishWorkers(db: Database, importId: number): Promise<number> {
  if (!isPooledDatabase(db)) return 1;
  const result = await db.execute<{ is_keyed: boolean | null }>(sql`
    select bool_and(rows_json is null and array_position(external_ids, null) is null) as is_keyed
    from import_staged_batches where import_id = ${importId}`);
  return result.rows[0]?.is_keyed ? POOLED_PUBLISH_WORKERS : 1;
}

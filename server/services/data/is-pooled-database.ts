import pg from 'pg';
import type { Database } from '@/db/client';

/**
 * PostgreSQL through a pool of connections, rather than the embedded database: statements can run at
 * once, each in its own server process, and rows are decoded on the app's thread while the server
 * works. The embedded database runs one statement at a time, on the app's own thread.
 */
export function isPooledDatabase(db: Database): boolean {
  return (db as unknown as { $client: unknown }).$client instanceof pg.Pool;
}

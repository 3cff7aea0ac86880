import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { PgDialect, PgSession } from 'drizzle-orm/pg-core';
import type { Database } from './client';

type TInternals = { session: PgSession; dialect: PgDialect };

/**
 * `db.execute(query)` as a named prepared statement: PostgreSQL parses and plans the statement once
 * per connection (after five custom plans it may settle on a generic one) instead of on every call.
 * For the hot paths only, whose planning cost more than their execution (the queue's lease and submit
 * statements: ~0.7 ms planning each against ~0.2 ms running). The name is a hash of the text, so a
 * statement whose text varies (a list of n ids) is a different statement; keep such texts stable
 * (arrays as one parameter) or the connection collects one per variant. The embedded database runs
 * it as an ordinary statement.
 */
export async function executePrepared<TRow extends Record<string, unknown>>(db: Database, query: SQL): Promise<{ rows: TRow[] }> {
  const { session, dialect } = db as unknown as TInternals;
  const built = dialect.sqlToQuery(query);
  const name = `q${createHash('sha1').update(built.sql).digest('hex').slice(0, 24)}`;
  const prepared = session.prepareQuery(built, undefined, name, false);
  return (await prepared.execute()) as { rows: TRow[] };
}

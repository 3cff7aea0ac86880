import type { Assume } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** node-postgres and PGlite both answer raw queries with `{ rows }`; typing only that keeps one Database type. */
type RowsResult<TRow> = { rows: TRow[] };
// drizzle's result-kind pattern needs an interface: `this` is only available there.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export interface RowsQueryResultHKT extends PgQueryResultHKT {
  type: RowsResult<Assume<this['row'], Record<string, unknown>>>;
}

export type Database = PgDatabase<RowsQueryResultHKT, typeof schema>;
export type DatabaseKind = 'postgres' | 'pglite';
export type DatabaseHandle = { db: Database; kind: DatabaseKind; close: () => Promise<void> };

export { schema };

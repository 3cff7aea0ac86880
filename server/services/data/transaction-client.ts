import type pg from 'pg';
import type { Database } from '@/db/client';

/**
 * The node-postgres connection a drizzle transaction runs on, for what drizzle has no call for
 * (COPY). drizzle keeps it as the transaction's session client (drizzle-orm 0.45).
 */
export function transactionClient(tx: Database): pg.PoolClient {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || typeof (client as pg.PoolClient).query !== 'function' || typeof (client as pg.PoolClient).release !== 'function') {
    throw new Error('not a node-postgres transaction: COPY needs one pooled connection');
  }
  return client as pg.PoolClient;
}

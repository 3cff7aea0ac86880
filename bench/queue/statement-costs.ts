import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { schema, type Database } from '@/db/client';
import { withAdminClient } from '@/db/testing';

/**
 * Where PostgreSQL's time per label goes: pg_stat_statements between two readings (when the server
 * preloads it; the figures say so when it does not), and the plans of the hot statements as they run,
 * with their real parameters, through auto_explain in this session (EXPLAIN ANALYZE, BUFFERS).
 */
export type TStatementCost = { query: string; calls: number; totalMs: number; meanMs: number; rows: number; sharedHit: number; sharedRead: number };

export async function resetStatementStats(url: string): Promise<boolean> {
  return withAdminClient(url, async (client) => {
    try {
      await client.query('create extension if not exists pg_stat_statements');
      await client.query('select pg_stat_statements_reset()');
      return true;
    } catch {
      // Not in shared_preload_libraries: the figures say so.
      return false;
    }
  });
}

/** The statements that took the most time since the reset, in this database. */
export async function readStatementStats(url: string, limit = 12): Promise<TStatementCost[]> {
  return withAdminClient(url, async (client) => {
    const result = await client.query<{ query: string; calls: string; total_exec_time: number; rows: string; shared_blks_hit: string; shared_blks_read: string }>(
      `select query, calls, total_exec_time, rows, shared_blks_hit, shared_blks_read
       from pg_stat_statements s join pg_database d on d.oid = s.dbid
       where d.datname = current_database() and query not ilike '%pg_stat_statements%'
       order by total_exec_time desc limit $1`,
      [limit],
    );
    return result.rows.map((row) => ({
      query: row.query.replace(/\s+/g, ' ').trim(),
      calls: Number(row.calls),
      totalMs: row.total_exec_time,
      meanMs: row.total_exec_time / Math.max(1, Number(row.calls)),
      rows: Number(row.rows),
      sharedHit: Number(row.shared_blks_hit),
      sharedRead: Number(row.shared_blks_read),
    }));
  });
}

/**
 * Runs `work` on one connection with auto_explain reporting every statement's executed plan (ANALYZE,
 * BUFFERS) back to this client as a notice, and returns the plans in order: the statements the app
 * runs, with the parameters it used, at the benchmark's size.
 */
export async function capturePlans(url: string, work: (db: Database) => Promise<void>): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, options: '-c jit=off' });
  await client.connect();
  const plans: string[] = [];
  client.on('notice', (notice) => {
    if (notice.message?.includes('duration:')) plans.push(notice.message);
  });
  try {
    await client.query("load 'auto_explain'");
    for (const setting of ['auto_explain.log_min_duration = 0', 'auto_explain.log_analyze = on', 'auto_explain.log_buffers = on', 'auto_explain.log_timing = on', "auto_explain.log_level = 'notice'"]) {
      await client.query(`set ${setting}`);
    }
    await work(drizzle(client, { schema }) as unknown as Database);
  } finally {
    await client.end();
  }
  return plans;
}


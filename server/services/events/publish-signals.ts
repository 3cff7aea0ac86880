import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { getProcessSignalBus } from './signal-bus';

/** The PostgreSQL channel every Quorum process listens on (NOTIFY is scoped to one database). */
export const SIGNAL_CHANNEL = 'quorum_signals';

/**
 * Signals `topics` to waiters in this process at once and, through NOTIFY, to the other app servers
 * and workers on the same PostgreSQL database. Called after the change has committed; a failed NOTIFY
 * is logged, not thrown: the change stands, and the other processes' polls find it a little later.
 * On the embedded database there is no other process, and the statement costs a few microseconds.
 */
export async function publishSignals(db: Database, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const bus = getProcessSignalBus();
  for (const topic of topics) bus.emit(topic);
  const rows = sql.join(
    topics.map((topic) => sql`(${`${bus.source} ${topic}`})`),
    sql`, `,
  );
  try {
    await db.execute(sql`select pg_notify(${SIGNAL_CHANNEL}, payload) from (values ${rows}) as signals(payload)`);
  } catch (error) {
    console.error(`[signals] could not tell other processes (${topics.length} signal(s)): ${error instanceof Error ? error.message : String(error)}`);
  }
}

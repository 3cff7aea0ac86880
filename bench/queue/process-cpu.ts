import fs from 'node:fs';
import pg from 'pg';

// Linux reports process CPU in clock ticks; 100 per second on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; null where /proc is not available. */
export function readProcessCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU used so far by the PostgreSQL backends serving one database (the app server's pool), in ms.
 * The machine is shared while benchmarks run, so CPU per label is the figure that does not depend
 * on what else is running; wall-clock latency and throughput do.
 */
export async function readDatabaseBackendsCpuMs(url: string): Promise<Map<number, number> | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    const byPid = new Map<number, number>();
    for (const { pid } of result.rows) {
      const cpu = readProcessCpuMs(pid);
      if (cpu === null) return null;
      byPid.set(pid, cpu);
    }
    return byPid;
  } finally {
    await client.end();
  }
}

/** CPU the backends used between two readings; a backend that started in between counts in full. */
export function diffBackendsCpuMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { checkQueueInvariants, type TQueueInvariantReport } from '@/server/services/queue/invariants';

export type TBenchInvariants = TQueueInvariantReport & {
  /** Acknowledged submissions with no stored annotation. */
  acknowledgedMissing: number;
  /** Acknowledged client ids stored more than once. */
  acknowledgedDuplicated: number;
};

/** The queue's own invariants plus "every acknowledged submission stored exactly once", in SQL. */
export async function checkBenchInvariants(db: Database, projectId: number, settings: TProjectSettings, acknowledged: readonly string[]): Promise<TBenchInvariants> {
  const queue = await checkQueueInvariants(db, projectId, settings);
  let stored = 0;
  let distinct = 0;
  const batch = 10_000;
  for (let from = 0; from < acknowledged.length; from += batch) {
    const ids = `{${acknowledged.slice(from, from + batch).join(',')}}`;
    const result = await db.execute<{ stored: number | string; distinct_ids: number | string }>(sql`
      select count(*) as stored, count(distinct client_id) as distinct_ids
      from annotations where project_id = ${projectId} and client_id = any(${ids}::uuid[])`);
    stored += Number(result.rows[0]?.stored ?? 0);
    distinct += Number(result.rows[0]?.distinct_ids ?? 0);
  }
  return { ...queue, acknowledgedMissing: acknowledged.length - distinct, acknowledgedDuplicated: stored - distinct };
}

export function countViolations(report: TBenchInvariants): number {
  return Object.values(report).reduce((sum, value) => sum + value, 0);
}

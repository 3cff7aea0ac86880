import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * After an undo the item goes back to the person who answered it: their lease is taken (or
 * renewed) for a full lease period, so the item cannot go to someone else while they re-answer.
 * Returns when the lease ends.
 */
export async function leaseUndoneItem(tx: Database, input: { itemId: number; annotatorId: string; projectId: number; leaseSeconds: number }): Promise<Date> {
  const lease = await tx.execute<{ expires_at: Date | string }>(sql`
    insert into item_leases (item_id, annotator_id, project_id, expires_at)
    values (${input.itemId}, ${input.annotatorId}, ${input.projectId}, now() + make_interval(secs => ${input.leaseSeconds}))
    on conflict (item_id, annotator_id) do update set expires_at = excluded.expires_at, created_at = now()
    returning expires_at`);
  return new Date(lease.rows[0]?.expires_at ?? Date.now());
}

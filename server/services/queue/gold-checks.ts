import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * Which gold-labeled items are gold checks: a fixed fraction of the content hash (hex digits 17–24)
 * below the project's share. The importer computes the same fraction in TypeScript, so an item keeps
 * its role across re-imports and setting changes move only the items they must.
 */
export function isGoldCheck(contentHash: string, hasGoldLabel: boolean, goldCheckShare: number): boolean {
  return hasGoldLabel && Number.parseInt(contentHash.slice(16, 24), 16) / 2 ** 32 < goldCheckShare;
}

export async function applyGoldCheckShare(db: Database, projectId: number, goldCheckShare: number): Promise<void> {
  await db.execute(sql`
    update items set is_gold_check = new_value, updated_at = now()
    from (
      select id, (gold_label_id is not null and ('x' || substr(content_hash, 17, 8))::bit(32)::bigint / 4294967296.0 < ${goldCheckShare}) as new_value
      from items where project_id = ${projectId}
    ) as computed
    where items.id = computed.id and items.is_gold_check <> computed.new_value`);
}

import { sql, type SQL } from 'drizzle-orm';
import type { TProjectSettings } from '@/server/services/projects/project-settings';

// Knuth's multiplicative hash of the item id, modulo 2^32: a fixed pseudo-random number per item,
// the same in TypeScript and in SQL (bigint arithmetic, exact while ids stay below 3.4 billion).
const HASH_MULTIPLIER = 2654435761n;
const HASH_RANGE = 4294967296n;

export type TOverlapSettings = Pick<TProjectSettings, 'overlap' | 'overlapShare'>;

/** The item's shuffle key in [0, 2^32): used to pick items "at random" from an index, and for overlap. */
export function hashItemId(itemId: number): number {
  return Number((BigInt(itemId) * HASH_MULTIPLIER) % HASH_RANGE);
}

/** SQL for hashItemId over an id column; the queue's partial indexes are built on exactly this expression. */
export function hashItemIdSql(idColumn: SQL): SQL {
  return sql`((${idColumn} * ${sql.raw(HASH_MULTIPLIER.toString())}) % ${sql.raw(HASH_RANGE.toString())})`;
}

function overlapThreshold(share: number): number {
  return Math.floor(share * Number(HASH_RANGE));
}

/**
 * How many annotators an item needs: `overlap` for the chosen share of items (decided by the item's
 * hash, so the choice is stable and needs no column), one for the rest.
 */
export function computeTargetOverlap(itemId: number, settings: TOverlapSettings): number {
  if (settings.overlap <= 1 || settings.overlapShare >= 1) return settings.overlap;
  return hashItemId(itemId) < overlapThreshold(settings.overlapShare) ? settings.overlap : 1;
}

/** computeTargetOverlap as a SQL expression over an id column. */
export function targetOverlapSql(idColumn: SQL, settings: TOverlapSettings): SQL {
  if (settings.overlap <= 1 || settings.overlapShare >= 1) return sql.raw(String(settings.overlap));
  return sql`(case when ${hashItemIdSql(idColumn)} < ${sql.raw(String(overlapThreshold(settings.overlapShare)))} then ${sql.raw(String(settings.overlap))} else 1 end)`;
}

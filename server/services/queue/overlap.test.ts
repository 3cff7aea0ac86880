import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/db/testing';
import type { DatabaseHandle } from '@/db/client';
import { computeTargetOverlap, hashItemId, hashItemIdSql, targetOverlapSql } from './overlap';

describe('per-item overlap', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it('hashes ids to known values (Knuth multiplicative hash mod 2^32)', () => {
    expect(hashItemId(0)).toBe(0);
    expect(hashItemId(1)).toBe(2654435761);
    // 2 * 2654435761 = 5308871522; minus 2^32 = 1013904226
    expect(hashItemId(2)).toBe(1013904226);
  });

  it('gives the same hash and the same target in SQL as in TypeScript', async () => {
    const settings = { overlap: 3, overlapShare: 0.3 };
    const ids = [1, 2, 3, 17, 1000, 123_456, 999_999, 2_000_000_000];
    const rows = await handle.db.execute<{ id: string | number; hash: string | number; target: string | number }>(sql`
      select id, ${hashItemIdSql(sql.raw('id'))} as hash, ${targetOverlapSql(sql.raw('id'), settings)} as target
      from unnest(array[${sql.raw(ids.join(','))}]::bigint[]) as id`);
    for (const row of rows.rows) {
      expect(Number(row.hash)).toBe(hashItemId(Number(row.id)));
      expect(Number(row.target)).toBe(computeTargetOverlap(Number(row.id), settings));
    }
  });

  it('gives the chosen share of items the full overlap and the rest one annotator', () => {
    const settings = { overlap: 2, overlapShare: 0.25 };
    let withOverlap = 0;
    for (let id = 1; id <= 20_000; id++) if (computeTargetOverlap(id, settings) === 2) withOverlap++;
    expect(withOverlap / 20_000).toBeGreaterThan(0.23);
    expect(withOverlap / 20_000).toBeLessThan(0.27);
    expect(computeTargetOverlap(5, { overlap: 2, overlapShare: 1 })).toBe(2);
    expect(computeTargetOverlap(5, { overlap: 2, overlapShare: 0 })).toBe(1);
    expect(computeTargetOverlap(5, { overlap: 1, overlapShare: 0.5 })).toBe(1);
  });
});

import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { executePrepared } from '@/db/execute-prepared';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { hashItemIdSql, targetOverlapSql } from './overlap';
import type { TQueueTask } from './queue-task';

/**
 * Where the next task comes from. `main`: open items by stored priority (a seeded random value, or
 * the sampling strategy's score once the learning loop has scored them). `eval`: the evaluation set,
 * in random order, so it gets labeled at its share and never by model score. `gold`: items with a
 * known answer, mixed in unannounced to measure each annotator; they are not capped by overlap.
 */
export const QUEUE_POOLS = ['main', 'eval', 'gold'] as const;
export type TQueuePool = (typeof QUEUE_POOLS)[number];

/** The pools to try, in order, for one draw in [0, 1): gold at goldRate, eval at evalFraction, else main. */
export function choosePoolOrder(settings: Pick<TProjectSettings, 'goldRate' | 'evalFraction'>, draw: number): TQueuePool[] {
  if (draw < settings.goldRate) return ['gold', 'main', 'eval'];
  if (draw < settings.goldRate + settings.evalFraction) return ['eval', 'main', 'gold'];
  return ['main', 'eval', 'gold'];
}

export type TPickInput = {
  projectId: number;
  annotatorId: string;
  settings: TProjectSettings;
  /** Items the caller already holds (the one on screen) or has ruled out in this call. */
  excludeItemIds: readonly number[];
  /** Start of the random walk over eval and gold items, in [0, 2^32). */
  shuffleStart: number;
};

/**
 * What one pool gave: the tasks leased, the candidates passed over because their last slot went to
 * someone else between the statement's snapshot and its lock, and whether the pool ran out (fewer
 * candidates than asked for).
 */
export type TPoolLease = { tasks: TQueueTask[]; raced: number[]; isExhausted: boolean };

const ITEM_ID = sql.raw('i.id');

/**
 * Nothing this annotator labeled, skipped, holds or excluded: per-row probes of unique indexes. The
 * OFFSET 0 keeps each NOT EXISTS a correlated subplan instead of an anti-join, whose plan follows the
 * statistics: while a young project's statistics lag behind, an anti-join reads every annotation of
 * the annotator on every call. (A scalar "(select 1 ...) is null" would also stay per-row, but its
 * default selectivity makes a LIMIT 1 look like a full index scan, and PostgreSQL then JIT-compiles
 * the statement for half a second.)
 */
function freshForAnnotator(input: TPickInput): SQL {
  return sql`
    not exists (select 1 from annotations a where a.item_id = i.id and a.annotator_id = ${input.annotatorId} offset 0)
    and not exists (select 1 from item_skips s where s.item_id = i.id and s.annotator_id = ${input.annotatorId} offset 0)
    and not exists (select 1 from item_leases l where l.item_id = i.id and l.annotator_id = ${input.annotatorId} and l.expires_at > now() offset 0)
    and i.id <> all(${sql.param(input.excludeItemIds)}::bigint[])`;
}

function candidateQuery(pool: TQueuePool, input: TPickInput, range: SQL | null, limit: number): SQL {
  const target = targetOverlapSql(ITEM_ID, input.settings);
  // A free slot: fewer annotations plus live leases (anyone's) than the item's overlap. Items whose
  // live leases alone fill them are ruled out first, through one hashed set of the project's leases
  // (a few per annotator), so the walk down the priority index passes the rows other annotators hold
  // at a hash probe each instead of a count of their leases each; the count remains for the rest.
  const leasedFull = sql`i.id not in (
    select l.item_id from item_leases l where l.project_id = ${input.projectId} and l.expires_at > now()
    group by l.item_id having count(*) >= ${targetOverlapSql(sql.raw('l.item_id'), input.settings)})`;
  const hasFreeSlot = sql`${leasedFull}
    and i.annotation_count + (select count(*) from item_leases l where l.item_id = i.id and l.expires_at > now()) < ${target}`;
  if (pool === 'main') {
    return sql`
      select i.id, i.annotation_count, ${target} as target, i.priority as ord from items i
      where i.project_id = ${input.projectId} and i.status = 'open' and not i.is_eval and not i.is_gold_check
        and ${hasFreeSlot} and ${freshForAnnotator(input)}
      order by i.priority desc nulls last
      limit ${limit}
      for update of i skip locked`;
  }
  const shuffleKey = hashItemIdSql(ITEM_ID);
  const poolCondition =
    pool === 'eval' ? sql`i.status = 'open' and i.is_eval and not i.is_gold_check and ${hasFreeSlot}` : sql`i.is_gold_check`;
  // Gold checks are not capped: a target no count reaches.
  const poolTarget = pool === 'gold' ? sql`2147483647` : target;
  return sql`
    select i.id, i.annotation_count, ${poolTarget} as target, ${shuffleKey} as ord from items i
    where i.project_id = ${input.projectId} and ${poolCondition} and ${shuffleKey} ${range ?? sql`is not null`}
      and ${freshForAnnotator(input)}
    order by ${shuffleKey}
    limit ${limit}
    for update of i skip locked`;
}

type TLeaseRow = { candidate_id: number | string; id: number | string | null; text: string | null; metadata: Record<string, unknown> | null; media_hash: string | null; expires_at: Date | string | null };

/**
 * One statement: lock the pool's first `limit` candidates (FOR UPDATE SKIP LOCKED, so concurrent
 * annotators pass each other instead of queueing on a row), re-check each one's free slot with a fresh
 * snapshot (quorum_count_live_leases, see migration 0005_queue_live_leases), and lease those that pass.
 * A candidate's own row is current after the lock; the re-check covers leases on other rows that the
 * statement's snapshot predates. Without it two annotators could both get an overlap-1 item.
 */
async function attemptLease(db: Database, pool: TQueuePool, input: TPickInput, range: SQL | null, limit: number): Promise<TPoolLease> {
  const result = await executePrepared<TLeaseRow>(db, sql`
    with candidate as (${candidateQuery(pool, input, range, limit)}),
    lease as (
      insert into item_leases (item_id, annotator_id, project_id, expires_at)
      select c.id, ${input.annotatorId}, ${input.projectId}, now() + make_interval(secs => ${input.settings.leaseSeconds})
      from candidate c
      where c.annotation_count + quorum_count_live_leases(c.id, ${input.annotatorId}) < c.target
      on conflict (item_id, annotator_id) do update set expires_at = excluded.expires_at, created_at = now()
      returning item_id, expires_at
    )
    select c.id as candidate_id, i.id, i.text, i.metadata, i.media_hash, l.expires_at
    from candidate c left join lease l on l.item_id = c.id left join items i on i.id = l.item_id
    order by c.ord ${pool === 'main' ? sql`desc nulls last` : sql`asc`}`);
  const tasks: TQueueTask[] = [];
  const raced: number[] = [];
  for (const row of result.rows) {
    if (row.id === null || row.text === null || row.expires_at === null) raced.push(Number(row.candidate_id));
    else tasks.push({ itemId: Number(row.id), text: row.text, metadata: row.metadata ?? {}, mediaHash: row.media_hash, leaseExpiresAt: new Date(row.expires_at), suggestion: null });
  }
  return { tasks, raced, isExhausted: result.rows.length < limit };
}

/**
 * Leases up to `limit` items from one pool. The main pool is walked by priority; eval and gold items
 * from a random point of their hash order, wrapping around, so annotators spread over them instead of
 * contending for their first rows.
 */
export async function leaseFromPool(db: Database, pool: TQueuePool, input: TPickInput, limit: number): Promise<TPoolLease> {
  if (pool === 'main') return attemptLease(db, pool, input, null, limit);
  const upper = await attemptLease(db, pool, input, sql`>= ${input.shuffleStart}`, limit);
  if (!upper.isExhausted) return upper;
  const rest = limit - upper.tasks.length - upper.raced.length;
  const lower = await attemptLease(db, pool, { ...input, excludeItemIds: [...input.excludeItemIds, ...upper.raced] }, sql`< ${input.shuffleStart}`, rest);
  return { tasks: [...upper.tasks, ...lower.tasks], raced: [...upper.raced, ...lower.raced], isExhausted: lower.isExhausted };
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { getProject } from '@/server/services/projects/projects';

/**
 * The evaluation set: items drawn uniformly at random (never by model uncertainty), labeled
 * by people like any other item or known from gold, and never trained on. Every model
 * version is scored on it, so versions compare on the same footing.
 */

/** Below this many gold items, a gold-only evaluation set would be too small to trust. */
export const MIN_GOLD_EVAL_ITEMS = 30;

/** Final labels people gave (gold-derived finals are evaluation material, not human labels). */
export const HUMAN_FINAL_SOURCES_SQL = sql.raw(`('single', 'consensus', 'review')`);

/** An item has a final answer, of any task type: a label (final_label_id) or a set of labels or spans (final_value). */
export const HAS_FINAL_ANSWER_SQL = sql.raw('(final_label_id is not null or final_value is not null)');
/** An item has a known answer, of any task type (gold_label_id or gold_value). */
export const HAS_GOLD_ANSWER_SQL = sql.raw('(gold_label_id is not null or gold_value is not null)');

export type TEvalSetSummary = {
  items: number;
  size: number;
  /** Evaluation items with a human final label, or else a gold label: what metrics are computed on. */
  usable: number;
  withHumanLabel: number;
  withGold: number;
};

export async function getEvalSetSummary(db: Database, projectId: number): Promise<TEvalSetSummary> {
  const result = await db.execute<{ items: string | number; size: string | number; human: string | number; gold: string | number; usable: string | number }>(sql`
    select count(*) as items,
      count(*) filter (where is_eval) as size,
      count(*) filter (where is_eval and ${HAS_FINAL_ANSWER_SQL} and final_source in ${HUMAN_FINAL_SOURCES_SQL}) as human,
      count(*) filter (where is_eval and ${HAS_GOLD_ANSWER_SQL}) as gold,
      count(*) filter (where is_eval and ((${HAS_FINAL_ANSWER_SQL} and final_source in ${HUMAN_FINAL_SOURCES_SQL}) or ${HAS_GOLD_ANSWER_SQL})) as usable
    from items where project_id = ${projectId}`);
  const row = result.rows[0]!;
  return { items: Number(row.items), size: Number(row.size), usable: Number(row.usable), withHumanLabel: Number(row.human), withGold: Number(row.gold) };
}

export type TRedrawResult = { size: number; isFromGold: boolean; items: number };

/**
 * Draws the evaluation set again: `fraction` of the project's items (its evalFraction by
 * default), taken from the gold-labeled items when there are enough of them, else from all
 * items; uniformly at random either way (an order by a seeded hash of the id).
 */
export async function redrawEvalSet(
  db: Database,
  actor: TActor | null,
  projectId: number,
  { fraction, seed = Date.now() % 2_147_483_647 }: { fraction?: number; seed?: number } = {},
): Promise<TRedrawResult> {
  const project = await getProject(db, projectId);
  const share = fraction ?? project.settings.evalFraction;
  if (!(share >= 0 && share <= 0.5)) throw new AppError('BAD_REQUEST', 'The evaluation share must be between 0 and 50%');
  return db.transaction(async (tx) => {
    const counts = await tx.execute<{ total: string | number; gold: string | number }>(sql`
      select count(*) as total, count(*) filter (where ${HAS_GOLD_ANSWER_SQL}) as gold from items where project_id = ${projectId}`);
    const total = Number(counts.rows[0]!.total);
    const gold = Number(counts.rows[0]!.gold);
    const size = Math.round(total * share);
    const isFromGold = size > 0 && gold >= Math.max(size, MIN_GOLD_EVAL_ITEMS);
    await tx.execute(sql`update items set is_eval = false, updated_at = now() where project_id = ${projectId} and is_eval`);
    if (size > 0) {
      await tx.execute(sql`
        update items set is_eval = true, updated_at = now()
        where id in (
          select id from items
          where project_id = ${projectId} ${isFromGold ? sql`and ${HAS_GOLD_ANSWER_SQL}` : sql``}
          order by hashtextextended(id::text, ${seed}::bigint)
          limit ${size})`);
    }
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: 'model.eval_set.redraw',
      subjectType: 'project',
      subjectId: projectId,
      after: { size, share, isFromGold, seed },
    });
    return { size, isFromGold, items: total };
  });
}

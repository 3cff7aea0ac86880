import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TCalibrationWindow } from '@/db/schema';
import { AppError } from '@/server/errors';
import { HUMAN_FINAL_SOURCES_SQL } from '@/server/services/learning/eval-set';

/** More calibration cases than this are subsampled uniformly (by a hash of the id): scoring stays seconds, not minutes. */
export const MAX_CALIBRATION_CASES = 200_000;

export type TCalibrationCases = {
  texts: string[];
  /** The true label's name: the human final label, else the gold label. */
  truths: string[];
  window: TCalibrationWindow;
};

type TRow = { id: number | string; text: string; truth: string; is_live: boolean; created_at: Date | string };

/**
 * The cases a certified threshold rests on: the project's evaluation set with a human or gold label.
 * That set is drawn uniformly and never trained on: the pool's random evaluation draw, the audits of
 * automatic decisions and the sampled human-routed cases (both drawn before routing, so uniform over
 * the model's traffic). Cases routed to people because the model was unsure are training data, never
 * here: they were chosen by the model's own confidence.
 *
 * A version trained before the evaluation set was last redrawn may have trained on items now in it,
 * so it is refused rather than certified on its own training data.
 */
export async function loadCalibrationCases(db: Database, projectId: number, version: { id: number; version: number; createdAt: Date }): Promise<TCalibrationCases> {
  const redrawn = await db.execute<{ at: Date | string }>(sql`
    select max(created_at) as at from audit_events where project_id = ${projectId} and action = 'model.eval_set.redraw'`);
  const redrawnAt = redrawn.rows[0]?.at ? new Date(redrawn.rows[0].at) : null;
  if (redrawnAt && redrawnAt > version.createdAt) {
    throw new AppError('CONFLICT', `The evaluation set was redrawn after version ${version.version} was trained, so it may hold that version’s training data: certify a version trained since`);
  }
  const total = await db.execute<{ n: string | number }>(sql`
    select count(*) as n from items
    where project_id = ${projectId} and is_eval and ((final_label_id is not null and final_source in ${HUMAN_FINAL_SOURCES_SQL}) or gold_label_id is not null)`);
  const count = Number(total.rows[0]!.n);
  const keep = count <= MAX_CALIBRATION_CASES ? null : Math.floor(2 ** 32 * (MAX_CALIBRATION_CASES / count));
  const result = await db.execute<TRow>(sql`
    select i.id, i.text, coalesce(human.name, gold.name) as truth, i.metadata ? 'decisionId' as is_live, i.created_at
    from items i
    left join project_labels human on human.id = i.final_label_id and i.final_source in ${HUMAN_FINAL_SOURCES_SQL}
    left join project_labels gold on gold.id = i.gold_label_id
    where i.project_id = ${projectId} and i.is_eval and coalesce(human.name, gold.name) is not null
      ${keep === null ? sql`` : sql`and ((i.id * 2654435761) % 4294967296) < ${keep}`}
    order by i.id`);
  const texts: string[] = [];
  const truths: string[] = [];
  let live = 0;
  let from: number | null = null;
  let to: number | null = null;
  const ids: number[] = [];
  for (const row of result.rows) {
    texts.push(row.text);
    truths.push(row.truth);
    ids.push(Number(row.id));
    if (row.is_live) live++;
    const at = new Date(row.created_at).getTime();
    from = from === null ? at : Math.min(from, at);
    to = to === null ? at : Math.max(to, at);
  }
  return {
    texts,
    truths,
    window: {
      evalItems: texts.length - live,
      liveCases: live,
      from: from === null ? null : new Date(from).toISOString(),
      to: to === null ? null : new Date(to).toISOString(),
      dataHash: ids.length === 0 ? null : createHash('sha1').update(ids.join(',')).digest('hex').slice(0, 16),
    },
  };
}

import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TRiskCoveragePoint } from '@/db/schema';
import { assessScoreDrift, DRIFT_TEST_LEVEL, MIN_LIVE_SCORES, type TScoreDrift } from '@/ml/monitor/score-drift';

/** The live sample: the most recent scores, at most this many (enough for a KS distance of ±0.02). */
export const MAX_DRIFT_SCORES = 5000;

export type TScoreDriftReport = TScoreDrift & {
  /** The level the KS distance is tested at. */
  level: number;
  /** The window the live scores come from (the dashboard's days). */
  from: Date;
  summary: string;
};

type TCertificateRow = { model_hash: string; curve: TRiskCoveragePoint[]; calibration_size: number };

/**
 * Has the model's score distribution moved since its certificate was computed? Compares the scores
 * of recent cases that the certificate's model answered (gold checks excluded) with the calibration
 * data's, known through the certificate's risk–coverage curve: its coverage at each threshold is the
 * calibration survival function. Null without an approved certificate.
 *
 * Reads the newest MAX_DRIFT_SCORES scores through (project_id, created_at), newest first.
 */
export async function getScoreDrift(db: Database, projectId: number, { from }: { from: Date }): Promise<TScoreDriftReport | null> {
  const certificates = await db.execute<TCertificateRow>(sql`
    select model_hash, curve, calibration_size from threshold_certificates where project_id = ${projectId} and status = 'approved'`);
  const certificate = certificates.rows[0];
  if (!certificate) return null;
  const scores = await db.execute<{ probability: number }>(sql`
    select probability from decisions
    where project_id = ${projectId} and created_at >= ${from.toISOString()}::timestamptz and model_hash = ${certificate.model_hash}
      and gold_label is null and probability is not null
    order by created_at desc
    limit ${MAX_DRIFT_SCORES}`);
  const drift = assessScoreDrift({
    liveScores: scores.rows.map((row) => Number(row.probability)),
    reference: (certificate.curve ?? []).map((point) => ({ threshold: point.threshold, share: point.coverage })),
    referenceSize: Number(certificate.calibration_size),
  });
  return { ...drift, level: DRIFT_TEST_LEVEL, from, summary: describeScoreDrift(drift) };
}

/** The verdict in a sentence, with the numbers behind it. */
export function describeScoreDrift(drift: TScoreDrift): string {
  const gap = `The largest gap between the live and calibration score distributions is ${formatShare(drift.ks)}`;
  const psi = `population stability index ${drift.psi.toFixed(2)}`;
  const against = drift.ksCritical === null ? '' : ` (chance alone reaches ${formatShare(drift.ksCritical)} one time in ${Math.round(1 / DRIFT_TEST_LEVEL)})`;
  switch (drift.verdict) {
    case 'insufficient':
      if (drift.live === 0) return 'No recent case was scored by the certified model yet: nothing to compare.';
      if (drift.live < MIN_LIVE_SCORES) return `Too little to compare: ${drift.live} recent scores, and a distribution needs at least ${MIN_LIVE_SCORES}.`;
      return 'The certificate carries no calibration curve to compare the scores with.';
    case 'stable':
      return `The scores look like the calibration scores. ${gap}${against}; ${psi}.`;
    case 'slight':
      return `The scores have shifted slightly: more than chance, but small. ${gap}${against}; ${psi} (below 0.1).`;
    case 'moderate':
      return `The scores have shifted moderately: the model sees somewhat different cases than it was calibrated on; consider recertifying. ${gap}${against}; ${psi} (0.1 to 0.25).`;
    case 'major':
      return `The scores have shifted a lot: the model sees different cases than it was calibrated on, and its certificate may no longer hold; recertify it. ${gap}${against}; ${psi} (0.25 or more).`;
  }
}

function formatShare(value: number): string {
  return `${(value * 100).toFixed(1)} percentage points`;
}

import type { Database } from '@/db/client';
import { getMonitorStatus, type TMonitorStatus } from './get-monitor-status';
import { getOversightSeries, type TOversightDay } from './get-oversight-series';
import { getScoreDrift, type TScoreDriftReport } from './get-score-drift';
import { listMonitorHistory, type TMonitorHistoryEntry } from './list-monitor-history';
import { DEFAULT_SERIES_DAYS } from './oversight-limits';

/** The confidence of the daily intervals when no certificate is approved (none states a δ). */
const DEFAULT_DELTA = 0.05;

export type TOversightDashboard = {
  status: TMonitorStatus;
  history: TMonitorHistoryEntry[];
  days: TOversightDay[];
  /** The confidence the daily intervals are drawn at: the certificate's 1 − δ. */
  delta: number;
  drift: TScoreDriftReport | null;
};

/**
 * What a person overseeing automatic decisions watches (EU AI Act Art. 14(4)): the monitor and its
 * history, the rates per day, and whether the scores have drifted since calibration.
 */
export async function getOversightDashboard(db: Database, projectId: number, { days = DEFAULT_SERIES_DAYS, now = new Date() }: { days?: number; now?: Date } = {}): Promise<TOversightDashboard> {
  const status = await getMonitorStatus(db, projectId);
  const delta = status.certificate?.delta ?? DEFAULT_DELTA;
  const series = await getOversightSeries(db, projectId, { days, delta, now });
  const history = await listMonitorHistory(db, projectId);
  const from = new Date(`${series[0]!.day}T00:00:00Z`);
  const drift = await getScoreDrift(db, projectId, { from });
  return { status, history, days: series, delta, drift };
}

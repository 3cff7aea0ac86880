import type { decisionMonitors } from '@/db/schema';
import { startAuditTest, type TAuditTestState } from '@/ml/monitor/audit-e-process';

type TMonitorRow = Pick<typeof decisionMonitors.$inferSelect, 'audits' | 'errors' | 'evidence' | 'state'>;

/**
 * The sequential test as a monitor row stores it: counts and evidence in columns, the betting
 * estimate in `state`. A row that approval or a reset just wrote has no estimate yet (`{}`): the
 * test then starts where it starts, at α.
 */
export function readAuditTestState(row: TMonitorRow, alpha: number): TAuditTestState {
  const estimate = row.state.estimate;
  return {
    audits: row.audits,
    errors: row.errors,
    evidence: row.evidence,
    estimate: typeof estimate === 'number' && estimate >= 0 && estimate <= 1 ? estimate : startAuditTest(alpha).estimate,
  };
}

export function writeAuditTestState(state: TAuditTestState): TMonitorRow {
  return { audits: state.audits, errors: state.errors, evidence: state.evidence, state: { estimate: state.estimate } };
}

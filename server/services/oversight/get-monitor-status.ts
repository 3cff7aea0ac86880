import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TCertificateForm } from '@/db/schema';
import { clopperPearsonUpper } from '@/ml/certify/clopper-pearson';
import { alarmLevel } from '@/ml/monitor/audit-e-process';
import { clopperPearsonLower } from '@/ml/monitor/clopper-pearson-lower';
import { AppError } from '@/server/errors';
import { parseProjectSettings } from '@/server/services/projects/project-settings';

export type TMonitorStatus = {
  /** The approved certificate the monitor watches; null: none approved, the model decides nothing. */
  certificate: { id: number; form: TCertificateForm; alpha: number; delta: number; threshold: number | null; approvedAt: Date | null } | null;
  /** Null without an approved certificate. Counts since the certificate's approval or the last reset. */
  monitor: {
    audits: number;
    errors: number;
    evidence: number;
    /** 1/δ: the evidence at which the monitor trips. */
    alarmLevel: number;
    errorRate: number | null;
    /** One-sided Clopper–Pearson bounds at 1 − δ each (null without audits): a description, not the alarm. */
    errorLowerBound: number | null;
    errorUpperBound: number | null;
    trippedAt: Date | null;
    trippedReason: string | null;
    /** The last reset since the certificate's approval (null: counting since the approval). */
    resetAt: Date | null;
    resetByName: string | null;
  } | null;
  /** The policy's setting: a tripped monitor sends every case to people. */
  failClosed: boolean;
  isTripped: boolean;
  /** Tripped and failing closed: the model decides nothing until a person resets the monitor. */
  isFailingClosed: boolean;
};

type TStatusRow = {
  settings: unknown;
  certificate_id: number | null;
  form: TCertificateForm | null;
  alpha: number | null;
  delta: number | null;
  threshold: number | null;
  approved_at: Date | string | null;
  monitor_certificate_id: number | null;
  audits: number | null;
  errors: number | null;
  evidence: number | null;
  tripped_at: Date | string | null;
  tripped_reason: string | null;
  reset_at: Date | string | null;
  reset_by_name: string | null;
};

/**
 * The production monitor of a project's approved certificate, as the dashboard and the decisions
 * page show it; one statement. A monitor row left on an earlier certificate is not this one's
 * (read-decision-context ignores its trip too): the approved certificate then has no audits yet.
 */
export async function getMonitorStatus(db: Database, projectId: number): Promise<TMonitorStatus> {
  const result = await db.execute<TStatusRow>(sql`
    select p.settings, c.id as certificate_id, c.form, c.alpha, c.delta, c.threshold, c.approved_at,
      m.certificate_id as monitor_certificate_id, m.audits, m.errors, m.evidence, m.tripped_at, m.tripped_reason, m.reset_at, u.name as reset_by_name
    from projects p
    left join threshold_certificates c on c.project_id = p.id and c.status = 'approved'
    left join decision_monitors m on m.project_id = p.id and m.certificate_id = c.id
    left join users u on u.id = m.reset_by
    where p.id = ${projectId}`);
  const row = result.rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such project');
  const { failClosed } = parseProjectSettings(row.settings).decisionPolicy;
  if (row.certificate_id === null) return { certificate: null, monitor: null, failClosed, isTripped: false, isFailingClosed: false };
  const alpha = Number(row.alpha);
  const delta = Number(row.delta);
  const audits = Number(row.audits ?? 0);
  const errors = Number(row.errors ?? 0);
  const trippedAt = toDate(row.tripped_at);
  const isTripped = trippedAt !== null;
  return {
    certificate: { id: row.certificate_id, form: row.form!, alpha, delta, threshold: row.threshold === null ? null : Number(row.threshold), approvedAt: toDate(row.approved_at) },
    monitor: {
      audits,
      errors,
      evidence: row.evidence === null ? 1 : Number(row.evidence),
      alarmLevel: alarmLevel(delta),
      errorRate: audits === 0 ? null : errors / audits,
      errorLowerBound: audits === 0 ? null : clopperPearsonLower(errors, audits, delta),
      errorUpperBound: audits === 0 ? null : clopperPearsonUpper(errors, audits, delta),
      trippedAt,
      trippedReason: row.tripped_reason,
      ...countingSince(toDate(row.approved_at), toDate(row.reset_at), row.reset_by_name),
    },
    failClosed,
    isTripped,
    isFailingClosed: isTripped && failClosed,
  };
}

/**
 * A reset counts only when it came after the certificate's approval: approving a certificate starts
 * the monitor over too (approve-certificate.ts) and leaves an earlier reset's columns behind.
 */
function countingSince(approvedAt: Date | null, resetAt: Date | null, resetByName: string | null): { resetAt: Date | null; resetByName: string | null } {
  return resetAt !== null && (approvedAt === null || resetAt >= approvedAt) ? { resetAt, resetByName } : { resetAt: null, resetByName: null };
}

/** PGlite and node-postgres both answer timestamptz as a Date; a string is parsed for safety. */
function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

import type { Database } from '@/db/client';

export type TAuditOutcome = {
  projectId: number;
  decisionId: string;
  /** The certificate the audited decision was made under; audits of other certificates' decisions do not count. */
  certificateId: number | null;
  /** The model's automatic answer and the auditor's label (null: the label is no longer in the project). */
  modelLabel: string | null;
  auditLabel: string | null;
};

/**
 * Feeds one audit of an automatic decision to the project's production monitor, inside the
 * transaction that records the audit. (The sequential test itself lands with the monitor.)
 */
export async function recordAuditOutcome(_tx: Database, _outcome: TAuditOutcome): Promise<void> {}

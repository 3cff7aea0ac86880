import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, thresholdCertificates } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { toCertificateView, type TCertificateView } from './certificate-view';
import { startMonitor } from './start-monitor';

/**
 * A data scientist or manager puts a proposed certificate in force: its model version decides the
 * cases above its threshold from the next case on. The certificate it replaces is retired in the same
 * transaction (one in force per project, which a unique index also holds), and the production monitor
 * starts over on the new certificate: audits of the old one say nothing about the new threshold.
 */
export async function approveCertificate(db: Database, actor: TActor, projectId: number, certificateId: number, note: string | null): Promise<TCertificateView> {
  return db.transaction(async (tx) => {
    // Serializes approvals of one project: two at once would both retire "the" approved one.
    await tx.execute(sql`select id from projects where id = ${projectId} for update`);
    const [row] = await tx
      .select()
      .from(thresholdCertificates)
      .where(and(eq(thresholdCertificates.id, certificateId), eq(thresholdCertificates.projectId, projectId)))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND', 'No such certificate in this project');
    if (row.status !== 'proposed') throw new AppError('CONFLICT', `This certificate is ${row.status}; certify again to approve a new one`);
    if (row.modelVersionId === null) throw new AppError('CONFLICT', 'Its model version no longer exists');
    const [version] = await tx
      .select({ version: modelVersions.version, status: modelVersions.status })
      .from(modelVersions)
      .where(eq(modelVersions.id, row.modelVersionId));
    if (!version || version.status !== 'ready') throw new AppError('CONFLICT', 'Its model version is not ready');
    const now = new Date();
    const retired = await tx
      .update(thresholdCertificates)
      .set({ status: 'retired', retiredAt: now, retiredBy: actor.userId, note: 'superseded' })
      .where(and(eq(thresholdCertificates.projectId, projectId), eq(thresholdCertificates.status, 'approved')))
      .returning({ id: thresholdCertificates.id });
    const [approved] = await tx
      .update(thresholdCertificates)
      .set({ status: 'approved', approvedAt: now, approvedBy: actor.userId, note })
      .where(eq(thresholdCertificates.id, row.id))
      .returning();
    await startMonitor(tx, projectId, row.id, now);
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: 'certificate.approve',
      subjectType: 'threshold_certificate',
      subjectId: row.id,
      before: { approved: retired.map((r) => r.id) },
      after: { version: version.version, form: row.form, alpha: row.alpha, delta: row.delta, threshold: row.threshold, coverage: row.coverage, upperBound: row.upperBound, note },
    });
    return toCertificateView(approved!, version.version);
  });
}

/** Takes the certificate in force out: the model decides nothing alone until another is approved. */
export async function retireCertificate(db: Database, actor: TActor, projectId: number, certificateId: number, note: string): Promise<TCertificateView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(thresholdCertificates)
      .set({ status: 'retired', retiredAt: new Date(), retiredBy: actor.userId, note })
      .where(and(eq(thresholdCertificates.id, certificateId), eq(thresholdCertificates.projectId, projectId), eq(thresholdCertificates.status, 'approved')))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'Only the certificate in force can be retired');
    await recordAuditEvent(tx, { actor, projectId, action: 'certificate.retire', subjectType: 'threshold_certificate', subjectId: row.id, after: { note } });
    const [version] = row.modelVersionId === null ? [] : await tx.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.id, row.modelVersionId));
    return toCertificateView(row, version?.version ?? null);
  });
}

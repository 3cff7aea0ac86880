import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { modelVersions, thresholdCertificates, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import { toCertificateView, type TCertificateView } from './certificate-view';

export type TCertificateListEntry = Omit<TCertificateView, 'curve'> & { createdByName: string | null; approvedByName: string | null };

const LIST_LIMIT = 50;

const creators = alias(users, 'certificate_creators');
const approvers = alias(users, 'certificate_approvers');

/** The project's certificates, newest first, without their curves (the list is a table). */
export async function listCertificates(db: Database, projectId: number): Promise<TCertificateListEntry[]> {
  const rows = await db
    .select({ certificate: thresholdCertificates, version: modelVersions.version, createdByName: creators.name, approvedByName: approvers.name })
    .from(thresholdCertificates)
    .leftJoin(modelVersions, eq(modelVersions.id, thresholdCertificates.modelVersionId))
    .leftJoin(creators, eq(creators.id, thresholdCertificates.createdBy))
    .leftJoin(approvers, eq(approvers.id, thresholdCertificates.approvedBy))
    .where(eq(thresholdCertificates.projectId, projectId))
    .orderBy(desc(thresholdCertificates.id))
    .limit(LIST_LIMIT);
  return rows.map(({ certificate, version, createdByName, approvedByName }) => {
    const { curve: _curve, ...view } = toCertificateView(certificate, version);
    return { ...view, createdByName, approvedByName };
  });
}

export async function getCertificate(db: Database, projectId: number, certificateId: number): Promise<TCertificateView> {
  const [row] = await db
    .select({ certificate: thresholdCertificates, version: modelVersions.version })
    .from(thresholdCertificates)
    .leftJoin(modelVersions, eq(modelVersions.id, thresholdCertificates.modelVersionId))
    .where(and(eq(thresholdCertificates.projectId, projectId), eq(thresholdCertificates.id, certificateId)));
  if (!row) throw new AppError('NOT_FOUND', 'No such certificate in this project');
  return toCertificateView(row.certificate, row.version);
}

import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, thresholdCertificates, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import { toCertificateView, type TCertificateView } from './certificate-view';

export type TCertificateListEntry = Omit<TCertificateView, 'curve'> & { createdByName: string | null; approvedByName: string | null };

const LIST_LIMIT = 50;

/** The project's certificates, newest first, without their curves (the list is a table). */
export async function listCertificates(db: Database, projectId: number): Promise<TCertificateListEntry[]> {
  const rows = await db
    .select({ certificate: thresholdCertificates, version: modelVersions.version })
    .from(thresholdCertificates)
    .leftJoin(modelVersions, eq(modelVersions.id, thresholdCertificates.modelVersionId))
    .where(eq(thresholdCertificates.projectId, projectId))
    .orderBy(desc(thresholdCertificates.id))
    .limit(LIST_LIMIT);
  const names = await namesOf(db, rows.flatMap((r) => [r.certificate.createdBy, r.certificate.approvedBy]));
  return rows.map(({ certificate, version }) => {
    const { curve: _curve, ...view } = toCertificateView(certificate, version);
    return { ...view, createdByName: names.get(certificate.createdBy ?? '') ?? null, approvedByName: names.get(certificate.approvedBy ?? '') ?? null };
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

async function namesOf(db: Database, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

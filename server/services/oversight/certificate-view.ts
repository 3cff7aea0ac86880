import type { thresholdCertificates, TRiskCoveragePoint } from '@/db/schema';

type TCertificateRow = typeof thresholdCertificates.$inferSelect;

/** A certificate as the Thresholds page and the API show it. */
export type TCertificateView = Omit<TCertificateRow, 'createdAt' | 'approvedAt' | 'retiredAt'> & {
  version: number | null;
  createdAt: string;
  approvedAt: string | null;
  retiredAt: string | null;
  /** The model deciding every calibration case (on the loop): its errors and their bound. */
  fullCoverage: TRiskCoveragePoint | null;
};

export function toCertificateView(row: TCertificateRow, version: number | null): TCertificateView {
  const last = row.curve.length > 0 ? row.curve[row.curve.length - 1]! : null;
  return {
    ...row,
    version,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    fullCoverage: last && last.coverage === 1 ? last : null,
  };
}

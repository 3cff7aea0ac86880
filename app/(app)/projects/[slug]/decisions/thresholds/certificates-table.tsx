import Link from 'next/link';
import type { TCertificateEntry } from './certificate-types';
import { formatRisk, STATUS_TEXT } from './format-certificate';

/** Every certificate of the project, newest first: who asked what, and what it certified. */
export function CertificatesTable({ certificates, base, selectedId }: { certificates: TCertificateEntry[]; base: string; selectedId: number | null }) {
  if (certificates.length === 0) return null;
  return (
    <section className="card overflow-x-auto" aria-labelledby="certificates-heading">
      <h2 id="certificates-heading" className="mb-2 font-semibold">
        Certificates
      </h2>
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600">
          <tr>
            <th scope="col">#</th>
            <th scope="col">Version</th>
            <th scope="col">α / δ</th>
            <th scope="col">Threshold</th>
            <th scope="col">Automation</th>
            <th scope="col">Bound</th>
            <th scope="col">Status</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {certificates.map((c) => (
            <tr key={c.id} className={c.id === selectedId ? 'bg-sky-50' : undefined}>
              <td>
                <Link href={`${base}?certificate=${c.id}`} className="link" aria-current={c.id === selectedId ? 'true' : undefined}>
                  {c.id}
                </Link>
              </td>
              <td>{c.version ?? '—'}</td>
              <td>
                {formatRisk(c.alpha)} / {formatRisk(c.delta)}
              </td>
              <td>{c.labelThresholds ? 'per label' : (c.threshold ?? 'none')}</td>
              <td>{formatRisk(c.coverage)}</td>
              <td>{formatRisk(c.upperBound)}</td>
              <td>{STATUS_TEXT[c.status] ?? c.status}</td>
              <td>{c.approvedByName ?? c.createdByName ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

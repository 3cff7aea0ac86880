import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { handlePageError } from '@/server/trpc/server-caller';
import { loadProject } from '../../load-project';
import { CertificatePanel } from './certificate-panel';
import { CertificatesTable } from './certificates-table';
import { CertifyForm } from './certify-form';

export const metadata: Metadata = { title: 'Certified thresholds' };

export default async function ThresholdsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ certificate?: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'decision.view')) notFound();
  const { certificates, versions, workload } = await caller.certificates.list({ projectId: project.id }).catch(handlePageError);
  const wanted = Number((await searchParams).certificate);
  const chosen = certificates.find((c) => c.id === wanted) ?? certificates.find((c) => c.status === 'approved') ?? certificates[0] ?? null;
  const certificate = chosen ? await caller.certificates.get({ projectId: project.id, certificateId: chosen.id }).catch(handlePageError) : null;
  const canCertify = hasProjectPermission(project.role, 'decision.policy');
  const base = `/projects/${project.slug}/decisions/thresholds`;
  return (
    <div className="space-y-6">
      <Link href={`/projects/${project.slug}/decisions`} className="link text-sm">
        ← Decisions
      </Link>
      <p className="max-w-3xl text-sm text-slate-700">
        The model decides a case alone only at or above a threshold certified on cases it never chose (the evaluation set and the random sample of live cases), and only once a
        data scientist or manager approved it. With probability at least 1 − δ, the error rate of its automatic decisions is at most α (Learn then Test).
      </p>
      <div className="grid gap-6 lg:grid-cols-3">
        {canCertify ? (
          <div className="lg:col-span-1">
            <CertifyForm projectId={project.id} base={base} versions={versions} labels={project.labels.map((label) => label.name)} />
          </div>
        ) : null}
        <div className={canCertify ? 'lg:col-span-2' : 'lg:col-span-3'}>
          {certificate ? (
            <CertificatePanel key={certificate.id} projectId={project.id} certificate={certificate} workload={workload} canApprove={canCertify} />
          ) : (
            <section className="card text-sm text-slate-700" aria-labelledby="no-certificate-heading">
              <h2 id="no-certificate-heading" className="font-semibold text-slate-900">
                No certificate yet
              </h2>
              <p className="mt-2">Until one is approved the model decides nothing alone: every case goes to people, with the model’s answer as a suggestion.</p>
            </section>
          )}
        </div>
      </div>
      <CertificatesTable certificates={certificates} base={base} selectedId={certificate?.id ?? null} />
    </div>
  );
}

'use client';

import { FormNotice } from '@/app/_components/form-notice';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import type { TCertificate, TWorkload } from './certificate-types';
import { FORM_TEXT, formatRisk, STATUS_TEXT } from './format-certificate';
import { RiskCoverageChart } from './risk-coverage-chart';
import { WorkloadSummary } from './workload-summary';

/** One certificate: what was asked, what the calibration data certifies, what it means for people, and approval. */
export function CertificatePanel({ projectId, certificate, workload, canApprove }: { projectId: number; certificate: TCertificate; workload: TWorkload; canApprove: boolean }) {
  const trpc = useTRPC();
  const approve = useFormMutation(trpc.certificates.approve.mutationOptions(), { invalidates: 'page' });
  const retire = useFormMutation(trpc.certificates.retire.mutationOptions(), { invalidates: 'page' });
  const calibrationWindow = certificate.calibration;
  const labelThresholds = certificate.labelThresholds ? Object.entries(certificate.labelThresholds) : null;
  return (
    <section className="card space-y-4" aria-labelledby="certificate-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="certificate-heading" className="font-semibold">
          Certificate {certificate.id} · version {certificate.version ?? '(deleted)'}
        </h2>
        <span data-testid="certificate-status" className={`rounded px-2 py-0.5 text-xs font-medium ${certificate.status === 'approved' ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-slate-800'}`}>
          {STATUS_TEXT[certificate.status] ?? certificate.status}
        </span>
      </div>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3" data-testid="certificate-figures">
        <Figure term="Risk accepted" value={`${FORM_TEXT[certificate.form] ?? certificate.form}: α ${formatRisk(certificate.alpha)}, δ ${formatRisk(certificate.delta)}`} />
        <Figure term="Certified threshold" value={labelThresholds ? 'per label (below)' : certificate.threshold === null ? 'none: every case goes to people' : String(certificate.threshold)} />
        <Figure term="Automation rate" value={formatRisk(certificate.coverage)} />
        <Figure term="Cases above it (n) / errors (k)" value={`${certificate.n} / ${certificate.k}`} />
        <Figure term={`Error bound (${formatRisk(1 - certificate.delta)} confidence)`} value={formatRisk(certificate.upperBound)} />
        <Figure
          term="Calibration cases"
          value={`${certificate.calibrationSize} (${calibrationWindow.evalItems} evaluation set, ${calibrationWindow.liveCases} sampled live)${calibrationWindow.from ? `, ${calibrationWindow.from.slice(0, 10)} to ${calibrationWindow.to?.slice(0, 10)}` : ''}`}
        />
        {certificate.fullCoverage ? (
          <Figure term="If the model decided everything (on the loop)" value={`${certificate.fullCoverage.errors} errors in ${certificate.fullCoverage.cases}; bound ${formatRisk(certificate.fullCoverage.upperBound)}`} />
        ) : null}
        <Figure term="Model content hash" value={<code className="break-all text-xs">{certificate.modelHash.slice(0, 16)}…</code>} />
        {certificate.note ? <Figure term="Note" value={certificate.note} /> : null}
      </dl>
      {labelThresholds ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Certified threshold per label</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Minimum precision</th>
              <th scope="col">Threshold</th>
            </tr>
          </thead>
          <tbody>
            {labelThresholds.map(([label, threshold]) => (
              <tr key={label}>
                <td>{label}</td>
                <td>{certificate.labelTargets?.[label] === undefined ? '—' : formatRisk(certificate.labelTargets[label]!)}</td>
                <td>{threshold === null ? 'none: to people' : threshold}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <RiskCoverageChart certificate={certificate} />
      <WorkloadSummary workload={workload} coverage={certificate.coverage} />
      {canApprove && certificate.status === 'proposed' ? (
        <form
          className="space-y-2"
          onSubmit={approve.handleSubmit((data) => ({ projectId, certificateId: certificate.id, note: String(data.get('note') ?? '') }), { success: 'Approved: the model now decides the cases above this threshold.' })}
        >
          <FormNotice notice={approve.notice} />
          <label htmlFor="approve-note" className="block text-sm font-medium text-slate-800">
            Why this risk is acceptable (kept on the record)
          </label>
          <textarea id="approve-note" name="note" className="input" rows={2} maxLength={2000} />
          <button type="submit" className="btn-primary" disabled={approve.isPending}>
            Approve and put in force
          </button>
        </form>
      ) : null}
      {canApprove && certificate.status === 'approved' ? (
        <form className="space-y-2" onSubmit={retire.handleSubmit((data) => ({ projectId, certificateId: certificate.id, note: String(data.get('note') ?? '') }), { success: 'Retired: the model decides nothing alone now.' })}>
          <FormNotice notice={retire.notice} />
          <label htmlFor="retire-note" className="block text-sm font-medium text-slate-800">
            Why it is retired
          </label>
          <textarea id="retire-note" name="note" className="input" rows={2} maxLength={2000} required />
          <button type="submit" className="btn-danger" disabled={retire.isPending}>
            Retire: send every case to people
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Figure({ term, value }: { term: string; value: React.ReactNode }) {
  return (
    <div>
      <dt className="text-slate-600">{term}</dt>
      <dd className="font-medium text-slate-900">{value}</dd>
    </div>
  );
}

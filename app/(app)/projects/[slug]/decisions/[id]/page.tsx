import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { VisibleText } from '@/app/_components/visible-text';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { hasProjectPermission } from '@/server/auth/roles';
import { handlePageError } from '@/server/trpc/server-caller';
import { loadProject } from '../../load-project';
import { DeliveryAttempts } from './delivery-attempts';

export const metadata: Metadata = { title: 'Decision record' };

type TRecord = RouterOutputs['decisionRecord']['get'];

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const formatTime = (iso: string | null) => (iso ? `${timeFormat.format(new Date(iso))} UTC` : '—');

export default async function DecisionRecordPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { project, caller } = await loadProject(slug);
  if (!hasProjectPermission(project.role, 'decision.view')) notFound();
  const record = await caller.decisionRecord.get({ projectId: project.id, decisionId: decodeURIComponent(id).slice(0, 100) }).catch(handlePageError);
  const { decision } = record;
  const canResend = hasProjectPermission(project.role, 'decision.admin');
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Decision ${decision.id}`}
        description={`${decision.status} · routed to ${decision.route === 'auto' ? 'the model' : 'people'} (${decision.routeReason}) · arrived ${formatTime(decision.createdAt)}`}
        actions={
          canResend ? (
            <Link href={`/projects/${project.slug}/decisions/settings`} className="btn-secondary">
              Decision settings
            </Link>
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <DecisionSummary decision={decision} />
        <section className="card" aria-labelledby="input-heading">
          <h2 id="input-heading" className="font-semibold">
            Input
          </h2>
          <p className="mt-2 whitespace-pre-wrap break-words text-sm">
            <VisibleText text={decision.text} />
          </p>
          {decision.payload !== null && decision.payload !== undefined ? (
            <>
              <h3 className="mt-4 text-sm font-medium">Payload</h3>
              <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs" tabIndex={0} aria-label="Payload">
                <VisibleText text={JSON.stringify(decision.payload, null, 2)} />
              </pre>
            </>
          ) : null}
          <h3 className="mt-4 text-sm font-medium">Metadata</h3>
          <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-50 p-2 text-xs" tabIndex={0} aria-label="Metadata">
            <VisibleText text={JSON.stringify(decision.metadata, null, 2)} />
          </pre>
        </section>
      </div>
      <Reviews reviews={record.reviews} />
      <Timeline log={record.log} />
      <section className="card" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading" className="font-semibold">
          Webhook deliveries
        </h2>
        {record.deliveries.length === 0 ? <p className="mt-2 text-sm text-slate-600">No webhook was sent for this decision.</p> : null}
        {record.deliveries.map((delivery) => (
          <DeliveryAttempts key={delivery.id} projectId={project.id} delivery={delivery} canResend={canResend} />
        ))}
      </section>
    </div>
  );
}

function DecisionSummary({ decision }: { decision: TRecord['decision'] }) {
  const rows: [string, string][] = [
    ['Status', decision.status],
    ['Answer', decision.label ?? '—'],
    ['Decided by', decision.decidedBy === 'human' ? `a person: ${decision.decidedByName ?? 'a removed account'}` : (decision.decidedBy ?? '—')],
    ['Why', decision.outcomeReason ?? '—'],
    ['Decided at', formatTime(decision.decidedAt)],
    ['Route', `${decision.route} (${decision.routeReason})${decision.audit ? ', audited afterwards' : ''}`],
    ['Model suggestion', decision.prediction ? `${decision.prediction.label} at ${decision.prediction.probability.toFixed(3)}` : 'none'],
    ['Threshold in force', decision.threshold === null ? 'none' : String(decision.threshold)],
    ['Model version', decision.prediction?.modelVersionId ? `#${decision.prediction.modelVersionId}` : '—'],
    ['Model hash', decision.prediction?.modelHash ?? '—'],
    ['Input hash', decision.inputHash],
    ['Approvals needed', String(decision.requiredApprovals)],
    ['Escalation level', String(decision.escalationLevel)],
    ['Deadline', formatTime(decision.deadline)],
  ];
  return (
    <section className="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading" className="font-semibold">
        Decision
      </h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-slate-600">{term}</dt>
            <dd className="break-all">
              <VisibleText text={value} />
            </dd>
          </div>
        ))}
      </dl>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700">Policy in force when the case arrived</summary>
        <pre className="mt-1 max-h-60 overflow-auto rounded bg-slate-50 p-2 text-xs" tabIndex={0} aria-label="Policy in force">{JSON.stringify(decision.policy, null, 2)}</pre>
      </details>
    </section>
  );
}

function Reviews({ reviews }: { reviews: TRecord['reviews'] }) {
  type TReview = TRecord['reviews'][number];
  return (
    <section className="card" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading" className="font-semibold">
        Reviews
      </h2>
      <DataTable<TReview>
        caption="Each reviewer's answer"
        rows={reviews}
        rowKey={(review) => String(review.id)}
        emptyText="No one has reviewed this case."
        columns={[
          { header: 'When', cell: (review) => formatTime(review.createdAt), className: 'whitespace-nowrap tabular-nums' },
          { header: 'Reviewer', cell: (review) => <VisibleText text={review.reviewerName} /> },
          { header: 'Answer', cell: (review) => review.answer },
          { header: 'Label', cell: (review) => (review.label ? <VisibleText text={review.label} /> : '—') },
          { header: 'Reason', cell: (review) => (review.reason ? <VisibleText text={review.reason} /> : '—') },
          { header: 'Suggestion shown', cell: (review) => (review.suggestionShown ? 'yes' : 'no (blind)') },
          { header: 'Level', cell: (review) => String(review.escalationLevel), align: 'right' },
        ]}
      />
    </section>
  );
}

function Timeline({ log }: { log: TRecord['log'] }) {
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="font-semibold">
        Decision log
      </h2>
      <p className="mt-1 text-xs text-slate-600">Each entry carries the hash of the project&apos;s entry before it; a changed entry breaks every hash after it.</p>
      {log.length === 0 ? <p className="mt-2 text-sm text-slate-600">No entries (removed by retention).</p> : null}
      <ol className="mt-3 space-y-3">
        {log.map((entry) => (
          <li key={entry.seq} className="border-l-2 border-slate-300 pl-3">
            <p className="text-sm">
              <span className="font-medium">{entry.event}</span> <span className="text-slate-600">· entry {entry.seq} · {formatTime(entry.createdAt)}</span>
            </p>
            <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs" tabIndex={0} aria-label={`Entry ${entry.seq}, as hashed`}>
              <VisibleText text={JSON.stringify(entry.body, null, 2)} />
            </pre>
            <p className="mt-1 break-all font-mono text-[11px] text-slate-600">hash {entry.hash}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

import Link from 'next/link';
import { DataTable } from '@/app/_components/data-table';
import type { RouterOutputs } from '@/app/_lib/router-types';

type TDecision = RouterOutputs['decisionRecord']['list']['decisions'][number];

const WHO = { model: 'the model', human: 'people', deadline: 'the deadline' } as const;

/** Route reasons are codes ("below_threshold"); the list shows them as words. */
function describeReason(code: string): string {
  return code.replaceAll('_', ' ');
}

/**
 * The newest decisions of every kind, automatic ones included, for everyone who sees decisions:
 * data scientists and managers watch what the model decides alone, each row opens its record.
 */
export function RecentDecisions({ slug, decisions }: { slug: string; decisions: readonly TDecision[] }) {
  return (
    <section className="card" aria-labelledby="recent-decisions-heading">
      <h2 id="recent-decisions-heading" className="text-lg font-semibold">
        Recent decisions
      </h2>
      <DataTable<TDecision>
        caption="The newest decisions, automatic and human"
        testId="recent-decisions"
        rows={decisions}
        rowKey={(row) => row.id}
        emptyText={`No case has arrived yet: systems send them to POST /api/v1/projects/${slug}/decisions.`}
        columns={[
          { header: 'Received', cell: (row) => new Date(row.createdAt).toLocaleString('en') },
          { header: 'Status', cell: (row) => (row.status === 'pending' ? 'waiting for people' : `${row.status} by ${row.decidedBy ? WHO[row.decidedBy] : '—'}`) },
          { header: 'Route', cell: (row) => `${row.route === 'auto' ? 'model' : 'people'}: ${describeReason(row.routeReason)}${row.audit ? ' (audited)' : ''}` },
          { header: 'Answer', cell: (row) => row.label ?? '—' },
          { header: 'Model said', cell: (row) => (row.prediction ? `${row.prediction.label} (${Math.round(row.prediction.probability * 100)}%)` : 'no model') },
          {
            header: 'Record',
            cell: (row) => (
              <Link href={`/projects/${slug}/decisions/${encodeURIComponent(row.id)}`} className="link">
                Open<span className="sr-only"> the record of decision {row.id}</span>
              </Link>
            ),
          },
        ]}
      />
      <p className="mt-3 text-sm text-slate-700">
        Systems send cases through the <a href="/api/v1/docs" className="link">decision API</a>; the model decides where the policy lets it, people decide the rest.
      </p>
    </section>
  );
}

import { DataTable } from '@/app/_components/data-table';
import type { RouterOutputs } from '@/app/_lib/router-types';

type TAuditEvent = RouterOutputs['project']['auditLog'][number];

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function AuditLog({ events }: { events: TAuditEvent[] }) {
  return (
    <section className="card lg:col-span-2" aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="font-semibold">
        Recent changes
      </h2>
      <DataTable<TAuditEvent>
        caption="Recent changes"
        rows={events}
        rowKey={(event) => String(event.id)}
        emptyText="Nothing recorded yet."
        columns={[
          { header: 'When', cell: (event) => timeFormat.format(event.createdAt), className: 'whitespace-nowrap tabular-nums' },
          { header: 'Action', cell: (event) => event.action, className: 'font-mono text-xs' },
          { header: 'Subject', cell: (event) => `${event.subjectType} ${event.subjectId}` },
          {
            header: 'By',
            cell: (event) => (event.actorType === 'system' ? 'System' : `${event.actorName ?? event.actorId ?? 'unknown'}${event.actorType === 'token' ? ' (API token)' : ''}`),
          },
        ]}
      />
    </section>
  );
}

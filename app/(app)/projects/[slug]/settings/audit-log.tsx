import type { RouterOutputs } from '@/app/_lib/router-types';

type TAuditEvent = RouterOutputs['project']['auditLog'][number];

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function AuditLog({ events }: { events: TAuditEvent[] }) {
  return (
    <section className="card lg:col-span-2" aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="font-semibold">
        Recent changes
      </h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Nothing recorded yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1 pr-4 font-medium">When</th>
                <th className="py-1 pr-4 font-medium">Action</th>
                <th className="py-1 pr-4 font-medium">Subject</th>
                <th className="py-1 font-medium">By</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-t border-slate-100">
                  <td className="whitespace-nowrap py-1.5 pr-4 tabular-nums">{timeFormat.format(event.createdAt)}</td>
                  <td className="py-1.5 pr-4 font-mono text-xs">{event.action}</td>
                  <td className="py-1.5 pr-4">
                    {event.subjectType} {event.subjectId}
                  </td>
                  <td className="py-1.5">{event.actorType === 'system' ? 'System' : `${event.actorName ?? event.actorId ?? 'unknown'}${event.actorType === 'token' ? ' (API token)' : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

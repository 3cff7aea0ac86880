import { VisibleText } from '@/app/_components/visible-text';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { formatCount, formatEvidence, formatTime } from './format-oversight';

type THistory = RouterOutputs['oversight']['dashboard']['history'];

/** Trips and resets, newest first, from the audit trail: who reset it, and why, in their words. */
export function MonitorHistory({ history }: { history: THistory }) {
  return (
    <section className="card" aria-labelledby="monitor-history-heading" data-testid="monitor-history">
      <h2 id="monitor-history-heading" className="font-semibold">
        Monitor history
      </h2>
      {history.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">The monitor has never tripped.</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {history.map((entry) => (
            <li key={entry.id} className="border-l-2 border-slate-300 pl-3 text-sm">
              <p>
                <span className="font-medium">{entry.kind === 'tripped' ? 'Tripped' : `Reset by ${entry.actorName ?? 'a former member'}`}</span>{' '}
                <span className="text-slate-600">· {formatTime(entry.at)}</span>
              </p>
              {entry.audits !== null && entry.errors !== null ? (
                <p className="text-slate-700">
                  {entry.kind === 'tripped' ? 'At' : 'Cleared'} {formatCount(entry.errors)} wrong of {formatCount(entry.audits)} audits
                  {entry.evidence !== null ? `, evidence ${formatEvidence(entry.evidence)}` : ''}
                </p>
              ) : null}
              {entry.reason ? (
                <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">
                  <VisibleText text={entry.reason} />
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

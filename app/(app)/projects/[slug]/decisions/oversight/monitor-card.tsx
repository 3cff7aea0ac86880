import type { RouterOutputs } from '@/app/_lib/router-types';
import { formatCount, formatEvidence, formatPercent, formatTime } from './format-oversight';
import { ResetMonitorForm } from './reset-monitor-form';

type TStatus = RouterOutputs['oversight']['dashboard']['status'];

/**
 * The production monitor: the audits of the certificate's automatic decisions, the evidence against
 * "the error is at most α" and how far it is from the alarm, the audited error with its bounds.
 */
export function MonitorCard({ status, projectId, canReset }: { status: TStatus; projectId: number; canReset: boolean }) {
  const { certificate, monitor } = status;
  return (
    <section className={`card space-y-3 ${status.isTripped ? 'border-2 border-red-700' : ''}`} aria-labelledby="monitor-heading" data-testid="monitor-card">
      <h2 id="monitor-heading" className="font-semibold">
        Production monitor
      </h2>
      {!certificate || !monitor ? (
        <p className="text-sm text-slate-700">No certificate is approved: the model decides nothing on its own, so there is nothing to monitor yet.</p>
      ) : (
        <>
          <p className="text-sm text-slate-800" data-testid="monitor-state">
            {status.isTripped ? (
              <strong className="text-red-900">
                Tripped {formatTime(monitor.trippedAt)}
                {status.isFailingClosed ? ': failing closed, every case goes to people.' : ': the policy does not fail closed, so the model keeps deciding.'}
              </strong>
            ) : (
              `Watching: no evidence yet that automatic decisions are wrong more often than the certified ${formatPercent(certificate.alpha)}.`
            )}
          </p>
          {monitor.trippedReason ? <p className="text-sm text-slate-700">{monitor.trippedReason}</p> : null}
          <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
            <Figure term="Audits" value={formatCount(monitor.audits)} />
            <Figure term="Found wrong" value={formatCount(monitor.errors)} />
            <Figure term="Audited error" value={formatPercent(monitor.errorRate)} />
            <Figure term="Accepted risk α" value={formatPercent(certificate.alpha)} />
            <Figure
              term={`At least, at ${formatPercent(1 - certificate.delta, 0)}`}
              value={formatPercent(monitor.errorLowerBound)}
              emphasis={monitor.errorLowerBound !== null && monitor.errorLowerBound > certificate.alpha}
            />
            <Figure term={`At most, at ${formatPercent(1 - certificate.delta, 0)}`} value={formatPercent(monitor.errorUpperBound)} />
          </dl>
          <EvidenceMeter evidence={monitor.evidence} alarmLevel={monitor.alarmLevel} />
          <p className="text-xs text-slate-600">
            The alarm is a sequential test, valid however often it is checked: it trips when the audits give evidence of {formatEvidence(monitor.alarmLevel)} to 1 (1/δ) that
            the error exceeds α, which happens by chance at most {formatPercent(certificate.delta, 0)} of the time when it does not. The bounds are Clopper–Pearson bounds at the
            current count, a description: a lower bound above α on one day is not an alarm by itself.
          </p>
          <p className="text-xs text-slate-600">
            Counting since {monitor.resetAt ? `the reset ${formatTime(monitor.resetAt)}${monitor.resetByName ? ` by ${monitor.resetByName}` : ''}` : `the certificate’s approval ${formatTime(certificate.approvedAt)}`}
            ; audits of decisions made under an earlier certificate do not count.
          </p>
          {status.isTripped && canReset ? <ResetMonitorForm projectId={projectId} /> : null}
          {status.isTripped && !canReset ? <p className="text-sm text-slate-700">A data scientist or manager resets the monitor once the cause is dealt with.</p> : null}
        </>
      )}
    </section>
  );
}

function Figure({ term, value, emphasis = false }: { term: string; value: string; emphasis?: boolean }) {
  return (
    <div>
      <dt className="text-slate-600">{term}</dt>
      <dd className={`font-medium tabular-nums ${emphasis ? 'text-red-800' : ''}`}>{value}</dd>
    </div>
  );
}

/**
 * The evidence on a log scale from 1 (nothing either way) to the alarm: it multiplies with each audit,
 * so equal steps of the bar are equal factors. Below 1 the audits so far favour the model.
 */
function EvidenceMeter({ evidence, alarmLevel }: { evidence: number; alarmLevel: number }) {
  const share = evidence <= 1 ? 0 : Math.min(1, Math.log(evidence) / Math.log(alarmLevel));
  return (
    <div>
      <p className="text-sm" data-testid="monitor-evidence">
        Evidence against “error ≤ α”: <strong className="tabular-nums">{formatEvidence(evidence)}</strong>; the alarm is at {formatEvidence(alarmLevel)}
      </p>
      <div className="mt-1 h-2 w-full rounded bg-slate-200" aria-hidden="true">
        <div className={`h-2 rounded ${share >= 1 ? 'bg-red-700' : share > 0.5 ? 'bg-amber-500' : 'bg-slate-500'}`} style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

import Link from 'next/link';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { formatPercent } from './format-oversight';

type TStatus = RouterOutputs['oversight']['status'];

/**
 * Shown on the decisions pages while the production monitor is tripped. Failing closed, the model
 * decides nothing (the EU AI Act's "stop" by the system itself); otherwise the alarm stands while
 * the model keeps deciding, because the policy says so.
 */
export function MonitorBanner({ status, oversightHref }: { status: TStatus; oversightHref: string | null }) {
  if (!status.isTripped || !status.certificate) return null;
  const alpha = formatPercent(status.certificate.alpha);
  const link = oversightHref ? (
    <Link href={oversightHref} className="link mt-2 inline-block text-sm">
      See the monitor and its audits
    </Link>
  ) : null;
  if (status.isFailingClosed) {
    return (
      <div role="status" className="rounded-lg border-2 border-red-700 bg-red-50 p-4 text-red-950" data-testid="monitor-failing-closed-banner">
        <p className="font-semibold">
          <span aria-hidden="true">■ </span>Failing closed: every case goes to people
        </p>
        <p className="mt-1 text-sm">
          The audits show the model’s automatic decisions are wrong more often than the certified {alpha}. The model decides nothing until a data scientist or manager resets the
          monitor.
        </p>
        {link}
      </div>
    );
  }
  return (
    <div role="status" className="rounded-lg border-2 border-amber-600 bg-amber-50 p-4 text-amber-950" data-testid="monitor-alarm-banner">
      <p className="font-semibold">
        <span aria-hidden="true">▲ </span>Monitor alarm: the audited error is above {alpha}
      </p>
      <p className="mt-1 text-sm">The policy does not fail closed, so the model keeps deciding. Turn on “fail closed” in the policy to send every case to people.</p>
      {link}
    </div>
  );
}

import { DataTable } from '@/app/_components/data-table';
import type { RouterOutputs } from '@/app/_lib/router-types';
import type { TDriftVerdict } from '@/server/routers/oversight.schema';
import { formatCount, formatPercent } from './format-oversight';

type TDrift = NonNullable<RouterOutputs['oversight']['dashboard']['drift']>;
type TBin = TDrift['bins'][number];

const VERDICTS: Record<TDriftVerdict, { title: string; tone: string }> = {
  insufficient: { title: 'Not enough to say', tone: 'text-slate-800' },
  stable: { title: 'No drift', tone: 'text-green-900' },
  slight: { title: 'Slight drift', tone: 'text-slate-900' },
  moderate: { title: 'Moderate drift', tone: 'text-amber-900' },
  major: { title: 'Major drift', tone: 'text-red-900' },
};

/** Whether the certified model's scores still look like its calibration data's; the bins as a table. */
export function DriftCard({ drift }: { drift: TDrift | null }) {
  return (
    <section className="card space-y-2" aria-labelledby="drift-heading" data-testid="drift-card">
      <h2 id="drift-heading" className="font-semibold">
        Score drift
      </h2>
      {!drift ? (
        <p className="text-sm text-slate-700">No certificate is approved: there is no calibration to compare the scores with.</p>
      ) : (
        <>
          <p className={`text-sm font-semibold ${VERDICTS[drift.verdict].tone}`} data-testid="drift-verdict">
            {VERDICTS[drift.verdict].title}
          </p>
          <p className="text-sm text-slate-800">{drift.summary}</p>
          <p className="text-xs text-slate-600">
            {formatCount(drift.live)} recent scores of the certified model against {formatCount(drift.reference)} calibration cases; Kolmogorov–Smirnov distance tested at{' '}
            {formatPercent(drift.level, 0)}, population stability index on bins of about equal calibration share.
          </p>
          {drift.bins.length > 1 ? (
            <DataTable<TBin>
              caption="Share of scores per bin, calibration against live"
              rows={drift.bins}
              rowKey={(bin) => `${bin.from ?? 'min'}-${bin.to ?? 'max'}`}
              tableClassName="text-xs"
              testId="drift-bins"
              columns={[
                { header: 'Score', cell: (bin) => describeBin(bin), isRowHeader: true, className: 'font-medium' },
                { header: 'Calibration', cell: (bin) => formatPercent(bin.reference), align: 'right' },
                { header: 'Live', cell: (bin) => formatPercent(bin.live), align: 'right' },
              ]}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function describeBin(bin: TBin): string {
  if (bin.from === null) return `below ${bin.to!.toFixed(3)}`;
  if (bin.to === null) return `${bin.from.toFixed(3)} and above`;
  return `${bin.from.toFixed(3)} to ${bin.to.toFixed(3)}`;
}

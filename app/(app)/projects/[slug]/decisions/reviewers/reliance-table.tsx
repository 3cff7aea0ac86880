import { DataTable } from '@/app/_components/data-table';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { formatCount, formatInterval, formatPercent } from '../../quality/format';

type TReviewer = RouterOutputs['decisionReviewers']['reliance']['reviewers'][number];
type TRate = TReviewer['gold']['accuracy'];
type TDifference = TReviewer['override']['difference'];

const VERDICT: Record<TReviewer['verdict']['status'], { text: string; className: string }> = {
  over_reliance: { text: 'Relies on the model', className: 'bg-red-100 text-red-900' },
  no_sign: { text: 'No sign of over-reliance', className: 'bg-green-100 text-green-900' },
  not_enough_data: { text: 'Not enough data', className: 'bg-slate-100 text-slate-900' },
};

const percent = (value: number) => formatPercent(value, 0);
const negate = (difference: TDifference): TDifference => (difference ? { estimate: -difference.estimate, ci95: [-difference.ci95[1], -difference.ci95[0]] } : null);
const points = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(Math.round(value * 100))}`;

function RateText({ rate, unit }: { rate: TRate; unit: string }) {
  if (rate.n === 0) return <span className="text-slate-500">no {unit}</span>;
  return (
    <span>
      {formatPercent(rate.rate, 0)}
      <span className="block text-xs text-slate-600">
        {formatInterval(rate.ci95, percent)}, {formatCount(rate.k)} of {formatCount(rate.n)} {unit}
      </span>
    </span>
  );
}

/** Two arms and their difference, one line each: the table stays inside its card. */
function ShownHidden({ shown, hidden, difference, unit }: { shown: TRate; hidden: TRate; difference: TDifference; unit: string }) {
  return (
    <span className="block space-y-1">
      <span className="block">
        <span className="text-xs font-medium text-slate-700">Shown </span>
        <RateText rate={shown} unit={unit} />
      </span>
      <span className="block">
        <span className="text-xs font-medium text-slate-700">Hidden </span>
        <RateText rate={hidden} unit={unit} />
      </span>
      {difference ? (
        <span className="block text-xs text-slate-700">
          Shown − hidden: {points(difference.estimate)} points ({points(difference.ci95[0])} to {points(difference.ci95[1])})
        </span>
      ) : null}
    </span>
  );
}

/** One row per reviewer who answered in the window: the flag and its reason, then the figures behind it. */
export function RelianceTable({ reviewers }: { reviewers: readonly TReviewer[] }) {
  return (
    <DataTable<TReviewer>
      isFramed
      tableClassName="min-w-[60rem]"
      caption="Reliance on the model per reviewer"
      testId="table-reviewer-reliance"
      rows={reviewers}
      rowKey={(row) => row.reviewerId}
      emptyText="Nobody has answered a case in this window."
      columns={[
        {
          header: 'Reviewer',
          isRowHeader: true,
          cell: (row) => (
            <span className="block max-w-56">
              <span className="break-words font-medium">{row.name}</span>
              <span className="mt-1 block" data-testid="reliance-verdict">
                <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${VERDICT[row.verdict.status].className}`}>{VERDICT[row.verdict.status].text}</span>
                <span className="mt-1 block text-xs font-normal text-slate-700">{row.verdict.reason}</span>
              </span>
            </span>
          ),
        },
        { header: 'Answers', cell: (row) => formatCount(row.answers), align: 'right' },
        {
          header: 'Gold accuracy',
          cell: (row) => (
            <span className="block">
              <RateText rate={row.gold.accuracy} unit="checks" />
              {row.gold.answered > row.gold.labeled ? (
                <span className="block text-xs text-slate-600">{formatCount(row.gold.answered - row.gold.labeled)} rejected or escalated</span>
              ) : null}
            </span>
          ),
        },
        {
          header: 'Right where the model was wrong',
          // The report gives hidden − shown here (positive: showing a wrong suggestion costs accuracy); the table reads shown − hidden throughout.
          cell: (row) => <ShownHidden shown={row.gold.modelWrongShown} hidden={row.gold.modelWrongHidden} difference={negate(row.gold.modelWrongDifference)} unit="checks" />,
        },
        {
          header: 'Overrides the model',
          cell: (row) => <ShownHidden shown={row.override.shown} hidden={row.override.hidden} difference={row.override.difference} unit="answers" />,
        },
        {
          header: 'Agrees with the model',
          cell: (row) => <ShownHidden shown={row.agreementWithModel.shown} hidden={row.agreementWithModel.hidden} difference={row.agreementWithModel.difference} unit="answers" />,
        },
      ]}
    />
  );
}

'use client';

import { DataTable } from '@/app/_components/data-table';
import { formatCoefficient, formatCount, formatDuration, formatInterval, formatPercent } from './format';
import type { TAnnotatorQualityRow, TProportion } from './report-types';
import { ReportSection } from './section';

const percent = (value: number) => formatPercent(value, 0);

function ProportionCell({ proportion, unit }: { proportion: TProportion; unit: string }) {
  if (!proportion) return <span className="text-slate-500">—</span>;
  return (
    <span>
      {formatPercent(proportion.value, 1)}
      <span className="block text-xs text-slate-600">
        {formatInterval(proportion.ci95, percent)}, {formatCount(proportion.n)} {unit}
      </span>
    </span>
  );
}

/** One row per annotator; anyone far below their peers is marked and the reason given. */
export function AnnotatorSection({ annotators, fileSlug }: { annotators: TAnnotatorQualityRow[]; fileSlug: string }) {
  const flagged = annotators.filter((row) => row.flag);
  return (
    <ReportSection
      id="annotators"
      title="Annotators"
      description={
        <p>
          Gold accuracy counts answers on items with a known label. “Agrees with others” compares each label with the Dawid–Skene consensus of the <em>other</em> annotators on the
          item. Estimated accuracy is Dawid–Skene’s estimate of the share of their labels that are right. Time per label counts at most 10 minutes.
          {flagged.length > 0 ? ` ${flagged.length} annotator${flagged.length === 1 ? ' is' : 's are'} far below their peers.` : ''}
        </p>
      }
    >
      <DataTable<TAnnotatorQualityRow>
        isFramed
        // Not min-w-max: headers and intervals wrap so the table fits its card at 1280 px; a narrower screen scrolls it.
        tableClassName="min-w-[56rem]"
        caption="Annotator quality"
        csvFileName={`${fileSlug}-annotators.csv`}
        testId="table-annotators"
        rows={annotators}
        rowKey={(row) => row.userId}
        emptyText="Nobody has labeled anything yet."
        columns={[
          {
            header: 'Annotator',
            cell: (row) => (
              <span className="block max-w-56">
                <span className="break-words font-medium">{row.annotator}</span>
                {row.flag ? (
                  <span className="mt-1 block" data-testid="annotator-flag">
                    <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">Far below peers</span>
                    <span className="mt-1 block text-xs text-red-800">{row.flag.reason}</span>
                  </span>
                ) : null}
              </span>
            ),
            csv: (row) => row.annotator,
          },
          {
            header: 'Labels',
            cell: (row) => (
              <span>
                {formatCount(row.labels)}
                {row.rejected > 0 ? <span className="block text-xs text-slate-600">{formatCount(row.rejected)} rejected</span> : null}
              </span>
            ),
            csv: (row) => row.labels,
            align: 'right',
          },
          { header: 'Rejected', cell: () => null, csv: (row) => row.rejected, isCsvOnly: true },
          { header: 'Gold accuracy', cell: (row) => <ProportionCell proportion={row.goldAccuracy} unit="gold" />, csv: (row) => row.goldAccuracy?.value, align: 'right' },
          { header: 'Gold items', cell: () => null, csv: (row) => row.goldAccuracy?.n ?? 0, isCsvOnly: true },
          {
            header: 'Agrees with others',
            cell: (row) => <ProportionCell proportion={row.consensusAgreement} unit="shared" />,
            csv: (row) => row.consensusAgreement?.value,
            align: 'right',
          },
          {
            header: 'Estimated accuracy',
            cell: (row) => (
              <span>
                {formatPercent(row.estimatedAccuracy)}
                {/* Without items in common with anyone, Dawid–Skene has nothing to check these labels against. */}
                {row.consensusAgreement ? null : <span className="block text-xs text-slate-600">no overlap: unchecked</span>}
              </span>
            ),
            csv: (row) => row.estimatedAccuracy,
            align: 'right',
          },
          {
            header: 'Mean κ with peers',
            cell: (row) => (row.peerKappa ? `${formatCoefficient(row.peerKappa.value)} (${row.peerKappa.peers})` : '—'),
            csv: (row) => row.peerKappa?.value,
            align: 'right',
          },
          {
            // Four figures in one column keep the table inside its card at 1280 px; the CSV keeps them apart.
            header: 'Pace',
            cell: (row) => (
              <span className="block whitespace-nowrap">
                {row.labelsPerHour === null ? '—' : `${row.labelsPerHour.toFixed(0)} per hour`}
                <span className="block text-xs text-slate-600">median {formatDuration(row.medianLeadTimeMs)} per label</span>
                <span className="block text-xs text-slate-600">
                  {formatDuration(row.timeSpentMs)} over {formatCount(row.activeDays)} day{row.activeDays === 1 ? '' : 's'}
                </span>
              </span>
            ),
            csv: (row) => row.labelsPerHour,
            csvHeader: 'Labels per hour',
            align: 'right',
          },
          { header: 'Median time per label', cell: () => null, csv: (row) => row.medianLeadTimeMs, csvHeader: 'Median time per label (ms)', isCsvOnly: true },
          { header: 'Time spent', cell: () => null, csv: (row) => row.timeSpentMs, csvHeader: 'Time spent (ms)', isCsvOnly: true },
          { header: 'Active days', cell: () => null, csv: (row) => row.activeDays, isCsvOnly: true },
          { header: 'Shared items', cell: () => null, csv: (row) => row.consensusAgreement?.n ?? 0, isCsvOnly: true },
          { header: 'Flag', cell: () => null, csv: (row) => row.flag?.reason ?? null, isCsvOnly: true },
        ]}
      />
    </ReportSection>
  );
}

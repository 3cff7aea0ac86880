'use client';

import { DataTable } from '@/app/_components/data-table';
import { formatCoefficient, formatCount, formatInterval, formatPercent } from './format';
import { ReproduceWithCli, type TCliReproduction } from './reproduce-with-cli';
import type { TAgreement, TCohenPair, TQualitySnapshot } from './report-types';
import { ReportSection } from './section';

type TMetricKey = 'percent_agreement' | 'cohen_kappa_mean' | 'fleiss_kappa' | 'krippendorff_alpha' | 'gwet_ac1';
type TMetricRow = { key: TMetricKey; name: string; note: string; metric: TAgreement[TMetricKey]; isProportion?: boolean };

/** Every agreement number the CLI prints, with its interval or the reason it cannot be computed, and how to reproduce it. */
export function AgreementSection({ snapshot, reproduction, fileSlug }: { snapshot: TQualitySnapshot; reproduction: TCliReproduction; fileSlug: string }) {
  const { agreement, cli } = snapshot;
  const rows: TMetricRow[] = [
    { key: 'percent_agreement', name: 'Percent agreement', note: 'Share of agreeing annotator pairs per item; not corrected for chance.', metric: agreement.percent_agreement, isProportion: true },
    { key: 'cohen_kappa_mean', name: 'Cohen’s κ (mean of pairs)', note: 'Light’s κ: the mean of the pairwise kappas below.', metric: agreement.cohen_kappa_mean },
    { key: 'fleiss_kappa', name: 'Fleiss’ κ', note: 'Any number of annotators per item.', metric: agreement.fleiss_kappa },
    { key: 'krippendorff_alpha', name: 'Krippendorff’s α', note: 'Nominal; items with one label drop out.', metric: agreement.krippendorff_alpha },
    { key: 'gwet_ac1', name: 'Gwet’s AC1', note: 'Stable when one label dominates.', metric: agreement.gwet_ac1 },
  ];
  const format = (row: TMetricRow, value: number) => (row.isProportion ? formatPercent(value) : formatCoefficient(value));
  return (
    <ReportSection
      id="agreement"
      title="Agreement among annotators"
      description={
        <p>
          {formatCount(agreement.items)} items, {formatCount(agreement.ratings)} labels by {formatCount(agreement.annotators)} annotators, rejected labels included (a reviewer’s
          rejection says the label was wrong, not that it was never given). Intervals: {formatCount(cli.bootstrap)} bootstrap resamples over items.
        </p>
      }
    >
      <DataTable<TMetricRow>
        isFramed
        tableClassName="min-w-max"
        caption="Agreement coefficients"
        csvFileName={`${fileSlug}-agreement.csv`}
        testId="table-agreement"
        rows={rows}
        rowKey={(row) => row.key}
        columns={[
          { header: 'Coefficient', cell: (row) => row.name, csv: (row) => row.key },
          { header: 'Value', cell: (row) => (row.metric.value === null ? 'not computable' : format(row, row.metric.value)), csv: (row) => row.metric.value, align: 'right' },
          {
            header: '95% CI',
            cell: (row) => (row.metric.value === null ? '—' : formatInterval(row.metric.ci95, (value) => format(row, value))),
            csv: (row) => (row.metric.value === null ? null : formatInterval(row.metric.ci95, (value) => String(value))),
          },
          { header: 'Note', cell: (row) => (row.metric.value === null ? row.metric.reason : row.note), csv: (row) => (row.metric.value === null ? row.metric.reason : row.note) },
        ]}
      />
      <DataTable<TCohenPair>
        isFramed
        tableClassName="min-w-max"
        caption="Cohen’s κ for each pair of annotators"
        csvFileName={`${fileSlug}-cohen-pairs.csv`}
        testId="table-cohen-pairs"
        rows={agreement.cohen_kappa_pairwise}
        initialRows={15}
        rowKey={(pair) => `${pair.a}\u0000${pair.b}`}
        emptyText="No two annotators labeled a common item."
        columns={[
          { header: 'Annotator A', cell: (pair) => pair.a, csv: (pair) => pair.a },
          { header: 'Annotator B', cell: (pair) => pair.b, csv: (pair) => pair.b },
          { header: 'Items in common', cell: (pair) => formatCount(pair.n), csv: (pair) => pair.n, align: 'right' },
          { header: 'κ', cell: (pair) => (pair.kappa === null ? 'not computable' : formatCoefficient(pair.kappa)), csv: (pair) => pair.kappa, align: 'right' },
          { header: 'Why not', cell: (pair) => (pair.kappa === null ? pair.reason : ''), csv: (pair) => (pair.kappa === null ? pair.reason : null) },
        ]}
      />
      <ReproduceWithCli reproduction={reproduction} outcome="It prints the numbers above, bootstrap intervals included." />
    </ReportSection>
  );
}

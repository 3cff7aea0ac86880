'use client';

import { DataTable } from '@/app/_components/data-table';
import { formatCoefficient, formatCount, formatInterval, formatPercent } from './format';
import type { TQualitySnapshot } from './report-types';
import { ReproduceWithCli, type TCliReproduction } from './reproduce-with-cli';
import { ReportSection } from './section';

type TMultiLabel = NonNullable<TQualitySnapshot['multiLabel']>;
type TCoefficient = TMultiLabel['krippendorffAlphaMasi'];
type TSetRow = { measure: string; metric: TCoefficient | TMultiLabel['exactMatchAgreement']; isShare: boolean; note: string };
type TLabelRow = TMultiLabel['perLabel'][number];

function describeMetric(metric: TSetRow['metric'], isShare: boolean): string {
  if (metric.value === null) return `— (${metric.reason})`;
  return isShare ? formatPercent(metric.value) : formatCoefficient(metric.value);
}

function describeInterval(metric: TSetRow['metric'], isShare: boolean): string {
  if (metric.value === null || !metric.ci95) return '—';
  return isShare ? formatInterval(metric.ci95, (value) => formatPercent(value)) : formatInterval(metric.ci95);
}

/**
 * A multi-label project's agreement: over whole sets (Krippendorff's α with the MASI and the Jaccard
 * distance, and exact-set agreement), then label by label (present or absent: binary α and κ), and
 * how to reproduce it with the CLI.
 */
export function MultiLabelSection({ report, reproduction, fileSlug }: { report: TMultiLabel; reproduction: TCliReproduction; fileSlug: string }) {
  const setRows: TSetRow[] = [
    { measure: 'Krippendorff’s α (MASI)', metric: report.krippendorffAlphaMasi, isShare: false, note: 'Partial credit: equal sets 0, a subset ⅓ apart, overlapping ⅔, disjoint 1 (Passonneau 2006).' },
    { measure: 'Krippendorff’s α (Jaccard)', metric: report.krippendorffAlphaJaccard, isShare: false, note: 'Distance 1 − |A∩B| / |A∪B|.' },
    { measure: 'Exact-set agreement', metric: report.exactMatchAgreement, isShare: true, note: 'Share of annotator pairs giving the very same set; not corrected for chance.' },
    {
      measure: 'Pairwise micro-F1',
      metric: report.pairwiseMicroF1,
      isShare: true,
      note: 'Annotators scored against each other as the model is scored against the truth (2 × shared labels ÷ labels chosen): the human level its micro-F1 is drawn against under Model against human level.',
    },
  ];
  return (
    <ReportSection
      id="multi-label-agreement"
      title="Agreement on label sets"
      description={
        <p>
          {formatCount(report.answers)} answers on {formatCount(report.items)} items by {formatCount(report.annotators)} annotators; {formatCount(report.emptyAnswers)} answered “none of these”.
          “None of these” against “none of these” counts as agreement, against any label as complete disagreement.
        </p>
      }
    >
      <DataTable<TSetRow>
        isFramed
        caption="Agreement on whole sets"
        csvFileName={`${fileSlug}-set-agreement.csv`}
        testId="table-set-agreement"
        rows={setRows}
        rowKey={(row) => row.measure}
        columns={[
          { header: 'Measure', cell: (row) => row.measure, csv: (row) => row.measure },
          { header: 'Value', cell: (row) => describeMetric(row.metric, row.isShare), csv: (row) => row.metric.value ?? '', align: 'right' },
          { header: '95% CI', cell: (row) => describeInterval(row.metric, row.isShare), csv: (row) => describeInterval(row.metric, row.isShare) },
          { header: 'Note', cell: (row) => row.note, csv: (row) => row.note },
        ]}
      />
      <DataTable<TLabelRow>
        isFramed
        tableClassName="min-w-max"
        caption="Agreement label by label (chosen or not)"
        csvFileName={`${fileSlug}-label-agreement.csv`}
        testId="table-label-agreement"
        rows={report.perLabel}
        rowKey={(row) => row.label}
        columns={[
          { header: 'Label', cell: (row) => <span className="break-words">{row.label}</span>, csv: (row) => row.label },
          { header: 'Answers with it', cell: (row) => formatCount(row.positiveAnswers), csv: (row) => row.positiveAnswers, align: 'right' },
          { header: 'Krippendorff’s α', cell: (row) => describeMetric(row.krippendorffAlpha, false), csv: (row) => row.krippendorffAlpha.value ?? '', align: 'right' },
          { header: 'Cohen’s κ (mean of pairs)', cell: (row) => describeMetric(row.cohenKappaMean, false), csv: (row) => row.cohenKappaMean.value ?? '', align: 'right' },
          { header: 'Pairs agreeing', cell: (row) => describeMetric(row.percentAgreement, true), csv: (row) => row.percentAgreement.value ?? '', align: 'right' },
        ]}
      />
      <ReproduceWithCli reproduction={reproduction} outcome="It prints the numbers above as one JSON object, bootstrap intervals included." />
    </ReportSection>
  );
}

'use client';

import { DataTable } from '@/app/_components/data-table';
import { VisibleText } from '@/app/_components/visible-text';
import { formatCoefficient, formatCount, formatPercent } from './format';
import type { TQualitySnapshot } from './report-types';
import { ReproduceWithCli, type TCliReproduction } from './reproduce-with-cli';
import { ReportSection } from './section';

type TSpanReport = NonNullable<TQualitySnapshot['spans']>;
type TMeasureRow = { measure: string; metric: TSpanReport['exactF1']; isShare: boolean; definition: string };
type TPairRow = TSpanReport['pairs'][number];
type TLabelRow = TSpanReport['perLabel'][number];

function describeMetric(metric: TMeasureRow['metric'], isShare: boolean): string {
  if (metric.value === null) return `— (${metric.reason})`;
  return isShare ? formatPercent(metric.value) : formatCoefficient(metric.value);
}

/** One sentence per measure: what it compares and how (shown beside its value). */
export const SPAN_MEASURE_DEFINITIONS = {
  exactF1: 'For each pair of annotators on an item, a span counts as matched when the other marked the same start, end and label; F1 = 2 × matched / (spans of both), pooled over pairs and items.',
  partialF1: 'Each span earns the largest share of its tokens covered by a span of the same label from the other annotator; F1 = credit earned by both / (spans of both), so a boundary one word off still earns part.',
  tokenAlpha: 'Every token is a unit and each annotator’s tag for it (the label of the span covering it, or none) a nominal rating; Krippendorff’s α = 1 − observed / chance disagreement over all annotators.',
  tokenKappa: 'Cohen’s κ on the same token tags for each pair of annotators, (agreement − chance) / (1 − chance), averaged over the pairs.',
  unitizingAlpha: 'Krippendorff’s uα (2004) in token units: where each pair of annotators placed spans of each label along the text, 1 − observed / chance disagreement of positions and lengths, averaged over pairs by shared items.',
} as const;

/**
 * A spans project's agreement: span F1 between annotators (exact and partial match), token-level α
 * and κ, and unitizing α, each with its definition; then pair by pair and label by label, and how to
 * reproduce it with the CLI.
 */
export function SpanSection({ report, reproduction, fileSlug }: { report: TSpanReport; reproduction: TCliReproduction; fileSlug: string }) {
  const rows: TMeasureRow[] = [
    { measure: 'Span F1, exact match', metric: report.exactF1, isShare: true, definition: SPAN_MEASURE_DEFINITIONS.exactF1 },
    { measure: 'Span F1, partial match', metric: report.partialF1, isShare: true, definition: SPAN_MEASURE_DEFINITIONS.partialF1 },
    { measure: 'Token-level Krippendorff’s α', metric: report.tokenAlpha, isShare: false, definition: SPAN_MEASURE_DEFINITIONS.tokenAlpha },
    { measure: 'Token-level Cohen’s κ (mean of pairs)', metric: report.tokenKappa, isShare: false, definition: SPAN_MEASURE_DEFINITIONS.tokenKappa },
    { measure: 'Unitizing α (uα)', metric: report.unitizingAlpha, isShare: false, definition: SPAN_MEASURE_DEFINITIONS.unitizingAlpha },
  ];
  const share = (value: number | null) => (value === null ? '—' : formatPercent(value));
  const coefficient = (value: number | null) => (value === null ? '—' : formatCoefficient(value));
  return (
    <ReportSection
      id="span-agreement"
      title="Agreement on spans"
      description={
        <p>
          {formatCount(report.answers)} answers with {formatCount(report.spans)} spans on {formatCount(report.items)} items ({formatCount(report.tokens)} tokens) that two or more of the{' '}
          {formatCount(report.annotators)} annotators answered. F1 is not corrected for chance; α, κ and uα are (1 is perfect agreement, 0 what chance gives).
        </p>
      }
    >
      <DataTable<TMeasureRow>
        isFramed
        caption="Agreement on spans"
        csvFileName={`${fileSlug}-span-agreement.csv`}
        testId="table-span-agreement"
        rows={rows}
        rowKey={(row) => row.measure}
        columns={[
          { header: 'Measure', cell: (row) => row.measure, csv: (row) => row.measure },
          { header: 'Value', cell: (row) => describeMetric(row.metric, row.isShare), csv: (row) => row.metric.value ?? '', align: 'right' },
          { header: 'Definition', cell: (row) => row.definition, csv: (row) => row.definition },
        ]}
      />
      <DataTable<TPairRow>
        isFramed
        tableClassName="min-w-max"
        caption="Pair by pair"
        csvFileName={`${fileSlug}-span-pairs.csv`}
        testId="table-span-pairs"
        rows={report.pairs}
        rowKey={(row) => `${row.a}\u0000${row.b}`}
        columns={[
          { header: 'Annotators', cell: (row) => <VisibleText text={`${row.a} – ${row.b}`} />, csv: (row) => `${row.a} – ${row.b}` },
          { header: 'Shared items', cell: (row) => formatCount(row.items), csv: (row) => row.items, align: 'right' },
          { header: 'F1 exact', cell: (row) => share(row.exactF1), csv: (row) => row.exactF1 ?? '', align: 'right' },
          { header: 'F1 partial', cell: (row) => share(row.partialF1), csv: (row) => row.partialF1 ?? '', align: 'right' },
          { header: 'Token κ', cell: (row) => coefficient(row.tokenKappa), csv: (row) => row.tokenKappa ?? '', align: 'right' },
          { header: 'uα', cell: (row) => coefficient(row.unitizingAlpha), csv: (row) => row.unitizingAlpha ?? '', align: 'right' },
        ]}
      />
      <DataTable<TLabelRow>
        isFramed
        tableClassName="min-w-max"
        caption="Label by label"
        csvFileName={`${fileSlug}-span-labels.csv`}
        testId="table-span-labels"
        rows={report.perLabel}
        rowKey={(row) => row.label}
        columns={[
          { header: 'Label', cell: (row) => <span className="break-words">{row.label}</span>, csv: (row) => row.label },
          { header: 'Spans', cell: (row) => formatCount(row.spans), csv: (row) => row.spans, align: 'right' },
          { header: 'F1 exact', cell: (row) => describeMetric(row.exactF1, true), csv: (row) => row.exactF1.value ?? '', align: 'right' },
          { header: 'F1 partial', cell: (row) => describeMetric(row.partialF1, true), csv: (row) => row.partialF1.value ?? '', align: 'right' },
          { header: 'Token α (in or out)', cell: (row) => describeMetric(row.tokenAlpha, false), csv: (row) => row.tokenAlpha.value ?? '', align: 'right' },
          { header: 'uα', cell: (row) => describeMetric(row.unitizingAlpha, false), csv: (row) => row.unitizingAlpha.value ?? '', align: 'right' },
        ]}
      />
      <ReproduceWithCli reproduction={reproduction} outcome="It prints the numbers above as one JSON object. The ratings file holds the items two or more annotators answered, with their texts: tokens come from the text." />
    </ReportSection>
  );
}

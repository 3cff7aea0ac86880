'use client';

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure, SERIES_COLORS } from './chart-figure';
import { DataTable } from '@/app/_components/data-table';
import { formatCoefficient, formatCount, formatInterval, formatPercent } from './format';
import type { TAgreementOverTime, TAgreementOverTimePoint } from './report-types';
import { ReportSection } from './section';

const PERIOD_NAMES = { day: 'day', week: 'week (from Monday)', month: 'month' } as const;

/** Krippendorff's alpha per period with its interval, and raw agreement beside it. */
export function OverTimeSection({ overTime, fileSlug }: { overTime: TAgreementOverTime; fileSlug: string }) {
  const data = overTime.points.map((point) => ({
    start: point.start,
    alpha: point.alpha.value,
    interval: point.alpha.value !== null && point.alpha.ci95 ? point.alpha.ci95 : null,
    percent: point.percentAgreement,
  }));
  const defined = overTime.points.filter((point) => point.alpha.value !== null);
  const summary =
    defined.length === 0
      ? 'No period has enough overlapping labels yet.'
      : `Alpha per ${overTime.period} from ${formatCoefficient(defined[0]!.alpha.value)} on ${defined[0]!.start} to ${formatCoefficient(defined[defined.length - 1]!.alpha.value)} on ${defined[defined.length - 1]!.start}.`;
  return (
    <ReportSection
      id="over-time"
      title="Agreement over time"
      description={<p>Per {PERIOD_NAMES[overTime.period]} (UTC), over the items whose last label came in that period and that have two or more labels.</p>}
    >
      <ChartFigure title={`Krippendorff’s α per ${overTime.period}`} summary={summary} testId="chart-agreement-over-time">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis dataKey="start" minTickGap={24} />
            <YAxis domain={[(dataMin: number) => Math.min(0, Math.floor(dataMin * 10) / 10), 1]} tickFormatter={(value: number) => value.toFixed(1)} width={40} />
            <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => formatCoefficient(Number(v))).join(' – ') : formatCoefficient(Number(value)))} />
            <Legend verticalAlign="top" height={28} />
            <Area dataKey="interval" name="α 95% CI" stroke="none" fill={SERIES_COLORS[0]} fillOpacity={0.15} isAnimationActive={false} connectNulls />
            <Line dataKey="alpha" name="Krippendorff’s α" stroke={SERIES_COLORS[0]} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
            <Line dataKey="percent" name="Percent agreement" stroke={SERIES_COLORS[1]} strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFigure>
      <DataTable<TAgreementOverTimePoint>
        isFramed
        tableClassName="min-w-max"
        caption={`Agreement per ${overTime.period}`}
        csvFileName={`${fileSlug}-agreement-over-time.csv`}
        testId="table-agreement-over-time"
        rows={overTime.points}
        initialRows={15}
        rowKey={(point) => point.start}
        emptyText="No item has two or more labels yet."
        columns={[
          { header: 'Period from', cell: (point) => point.start, csv: (point) => point.start },
          { header: 'Items', cell: (point) => formatCount(point.items), csv: (point) => point.items, align: 'right' },
          { header: 'α', cell: (point) => (point.alpha.value === null ? 'not computable' : formatCoefficient(point.alpha.value)), csv: (point) => point.alpha.value, align: 'right' },
          {
            header: 'α 95% CI',
            cell: (point) => (point.alpha.value === null ? point.alpha.reason : formatInterval(point.alpha.ci95)),
            csv: (point) => (point.alpha.value === null ? point.alpha.reason : formatInterval(point.alpha.ci95, String)),
          },
          { header: 'Percent agreement', cell: (point) => formatPercent(point.percentAgreement), csv: (point) => point.percentAgreement, align: 'right' },
        ]}
      />
    </ReportSection>
  );
}

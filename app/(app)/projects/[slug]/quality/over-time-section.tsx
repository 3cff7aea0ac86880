'use client';

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { computeNiceTicks } from '@/app/_lib/nice-ticks';
import { ChartFigure, SERIES_COLORS, SHARE_TICKS } from './chart-figure';
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
  // α runs from −1 to 1 and percent agreement from 0 to 100%: each gets its own axis (left and right).
  const alphaValues = defined.flatMap((point) => (point.alpha.value === null ? [] : [point.alpha.value, ...(point.alpha.ci95 ?? [])]));
  const alphaAxis = computeNiceTicks(Math.min(0, ...alphaValues), 1, { bounds: [-1, 1] });
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
      {defined.length === 0 ? (
        <p className="mt-3 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-700" data-testid="chart-agreement-over-time-empty">
          No chart yet: agreement over time needs, within one {overTime.period}, items labeled by two or more annotators.{' '}
          {overTime.points.length === 0
            ? 'No item has two or more labels so far. With an overlap above 1 (Settings), items are labeled by several people and each period fills in.'
            : 'The periods so far have too few such items for α; more overlapping labels fill them in.'}
        </p>
      ) : (
        <ChartFigure title={`Krippendorff’s α and percent agreement per ${overTime.period}`} summary={summary} testId="chart-agreement-over-time">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis dataKey="start" minTickGap={24} />
              <YAxis
                yAxisId="alpha"
                domain={alphaAxis.domain}
                ticks={alphaAxis.ticks}
                interval={0}
                tickFormatter={(value: number) => value.toFixed(1)}
                width={48}
                label={{ value: 'α', angle: -90, position: 'insideLeft', fill: '#475569' }}
              />
              <YAxis
                yAxisId="percent"
                orientation="right"
                domain={[0, 1]}
                ticks={SHARE_TICKS}
                interval={0}
                tickFormatter={(value: number) => formatPercent(value, 0)}
                width={56}
                label={{ value: 'agreement', angle: 90, position: 'insideRight', fill: '#475569' }}
              />
              <Tooltip
                formatter={(value, name) =>
                  Array.isArray(value)
                    ? value.map((v) => formatCoefficient(Number(v))).join(' – ')
                    : name === 'Percent agreement (right axis)'
                      ? formatPercent(Number(value))
                      : formatCoefficient(Number(value))
                }
              />
              <Legend verticalAlign="top" height={28} />
              <Area yAxisId="alpha" dataKey="interval" name="α 95% CI" stroke="none" fill={SERIES_COLORS[0]} fillOpacity={0.15} isAnimationActive={false} connectNulls />
              <Line yAxisId="alpha" dataKey="alpha" name="Krippendorff’s α (left axis)" stroke={SERIES_COLORS[0]} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
              <Line
                yAxisId="percent"
                dataKey="percent"
                name="Percent agreement (right axis)"
                stroke={SERIES_COLORS[1]}
                strokeWidth={2}
                strokeDasharray="5 3"
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
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

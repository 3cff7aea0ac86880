'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ACTIVITY_DAYS } from '@/server/routers/quality.schema';
import { ChartFigure, SERIES_COLORS } from './chart-figure';
import { DataTable } from '@/app/_components/data-table';
import { formatCount, formatDuration } from './format';
import type { TAnnotatorQualityRow, TDailyActivityRow } from './report-types';
import { ReportSection } from './section';

/** Stacking more annotators than this makes the bars unreadable; the rest are summed as "others". */
const MAX_STACKED = 8;
const OTHERS = 'Others';

/** Labels per day stacked by annotator, and hours spent per annotator. */
export function ActivitySection({ daily, annotators, fileSlug }: { daily: TDailyActivityRow[]; annotators: TAnnotatorQualityRow[]; fileSlug: string }) {
  const busiest = [...annotators].sort((x, y) => y.labels - x.labels).slice(0, MAX_STACKED).map((row) => row.annotator);
  const series = daily.some((row) => !busiest.includes(row.annotator)) ? [...busiest, OTHERS] : busiest;
  const byDay = new Map<string, Record<string, number | string>>();
  for (const row of daily) {
    const entry = byDay.get(row.day) ?? { day: row.day };
    const key = busiest.includes(row.annotator) ? row.annotator : OTHERS;
    entry[key] = (Number(entry[key]) || 0) + row.labels;
    byDay.set(row.day, entry);
  }
  const throughput = [...byDay.values()];
  const latestFirst = [...daily].reverse();
  const totalLabels = daily.reduce((sum, row) => sum + row.labels, 0);
  // Minutes until someone has worked two hours: "0.1 h" ticks say little.
  const isHours = annotators.some((row) => row.timeSpentMs >= 2 * 3_600_000);
  const unit = isHours ? { name: 'Hours', short: 'h', ms: 3_600_000 } : { name: 'Minutes', short: 'min', ms: 60_000 };
  const timeData = annotators
    .filter((row) => row.timeSpentMs > 0)
    .sort((x, y) => y.timeSpentMs - x.timeSpentMs)
    .map((row) => ({ annotator: row.annotator, time: row.timeSpentMs / unit.ms }));
  const totalTime = timeData.reduce((sum, row) => sum + row.time, 0);
  return (
    <ReportSection
      id="activity"
      title="Throughput and time spent"
      description={<p>Labels per UTC day over the last {ACTIVITY_DAYS} days with labels, and labeling time (each label counts at most 10 minutes) per annotator.</p>}
    >
      <div className="grid gap-6 lg:grid-cols-2">
        <ChartFigure
          title="Labels per day"
          summary={`${formatCount(totalLabels)} labels over ${throughput.length} days, by ${series.length} annotators or groups.`}
          testId="chart-throughput"
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={throughput} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="day" minTickGap={20} />
              <YAxis allowDecimals={false} width={48} />
              <Tooltip />
              <Legend verticalAlign="top" height={36} />
              {series.map((name, index) => (
                <Bar key={name} dataKey={name} name={name} stackId="labels" fill={SERIES_COLORS[index % SERIES_COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
        <ChartFigure
          title={`${unit.name} spent labeling`}
          summary={`${totalTime.toFixed(1)} ${unit.name.toLowerCase()} in total across ${timeData.length} annotators.`}
          testId="chart-time-spent"
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={timeData} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#e2e8f0" horizontal={false} />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="annotator" width={120} tick={{ fontSize: 12 }} />
              <Tooltip formatter={(value) => `${Number(value).toFixed(1)} ${unit.short}`} />
              <Bar dataKey="time" name={unit.name} fill={SERIES_COLORS[2]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      </div>
      <DataTable<TDailyActivityRow>
        isFramed
        tableClassName="min-w-max"
        caption="Labels and time per day and annotator, latest first"
        csvFileName={`${fileSlug}-daily-activity.csv`}
        testId="table-activity"
        rows={latestFirst}
        initialRows={20}
        rowKey={(row) => `${row.day}\u0000${row.annotator}`}
        emptyText="No labels yet."
        columns={[
          { header: 'Day', cell: (row) => row.day, csv: (row) => row.day },
          { header: 'Annotator', cell: (row) => row.annotator, csv: (row) => row.annotator },
          { header: 'Labels', cell: (row) => formatCount(row.labels), csv: (row) => row.labels, align: 'right' },
          { header: 'Time spent', cell: (row) => formatDuration(row.timeSpentMs), csv: (row) => row.timeSpentMs, csvHeader: 'Time spent (ms)', align: 'right' },
        ]}
      />
    </ReportSection>
  );
}

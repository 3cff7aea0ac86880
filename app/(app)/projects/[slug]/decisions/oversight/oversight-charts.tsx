'use client';

import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable } from '@/app/_components/data-table';
import { computeNiceTicks } from '@/app/_lib/nice-ticks';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { ChartFigure, SERIES_COLORS, SHARE_TICKS } from '../../quality/chart-figure';
import { formatCount, formatPercent } from './format-oversight';

type TDay = RouterOutputs['oversight']['dashboard']['days'][number];

/**
 * The rates over time, each chart with a one-sentence summary for screen readers and the table below
 * holding every number (and its CSV). Days are UTC; rates belong to the day the cases arrived.
 */
export function OversightCharts({ days, alpha, delta, fileSlug }: { days: readonly TDay[]; alpha: number | null; delta: number; fileSlug: string }) {
  const data = days.map((day) => ({
    ...day,
    label: day.day.slice(5),
    interval: day.auditedErrorLow !== null && day.auditedErrorHigh !== null ? [day.auditedErrorLow, day.auditedErrorHigh] : null,
  }));
  const totals = days.reduce(
    (sum, day) => ({ cases: sum.cases + day.cases, automatic: sum.automatic + day.automatic, answers: sum.answers + day.answers, overrides: sum.overrides + day.overrides, audits: sum.audits + day.audits, errors: sum.errors + day.auditedErrors, breaches: sum.breaches + day.deadlineBreaches }),
    { cases: 0, automatic: 0, answers: 0, overrides: 0, audits: 0, errors: 0, breaches: 0 },
  );
  const last = days.at(-1);
  const confidence = formatPercent(1 - delta, 0);
  const countAxis = computeNiceTicks(0, Math.max(1, ...days.map((day) => Math.max(day.cases, day.queueDepth))), { isInteger: true });
  const errorAxis = computeNiceTicks(0, Math.max(alpha ?? 0, ...days.map((day) => day.auditedErrorHigh ?? 0), 0.01), { bounds: [0, 1] });
  return (
    <section className="card space-y-6" aria-labelledby="over-time-heading">
      <div>
        <h2 id="over-time-heading" className="font-semibold">
          Over the last {days.length} days
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Per day (UTC), by the day cases arrived; gold checks are left out. An audit done later counts for the day the model decided.
        </p>
      </div>
      <ChartFigure
        title="Automation and override rates"
        summary={`Over the period the model decided ${formatPercent(rate(totals.automatic, totals.cases))} of ${formatCount(totals.cases)} cases, and people overrode it in ${formatPercent(rate(totals.overrides, totals.answers))} of ${formatCount(totals.answers)} answers.`}
        testId="chart-oversight-rates"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis dataKey="label" minTickGap={24} />
            <YAxis domain={[0, 1]} ticks={SHARE_TICKS} interval={0} tickFormatter={(value: number) => formatPercent(value, 0)} width={48} />
            <Tooltip formatter={(value) => formatPercent(Number(value))} />
            <Legend verticalAlign="top" height={28} />
            <Line dataKey="automationRate" name="Decided by the model" stroke={SERIES_COLORS[0]} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} connectNulls />
            <Line dataKey="overrideRate" name="Answers overriding the model" stroke={SERIES_COLORS[1]} strokeWidth={2} strokeDasharray="5 3" dot={{ r: 2 }} isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title={`Audited error of automatic decisions, with its ${confidence} interval${alpha === null ? '' : ', against α'}`}
        summary={`${formatCount(totals.errors)} of ${formatCount(totals.audits)} audits over the period found the model wrong (${formatPercent(rate(totals.errors, totals.audits))})${alpha === null ? '' : `; the certified α is ${formatPercent(alpha)}`}.`}
        testId="chart-oversight-audited-error"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis dataKey="label" minTickGap={24} />
            <YAxis domain={errorAxis.domain} ticks={errorAxis.ticks} interval={0} tickFormatter={(value: number) => formatPercent(value, 0)} width={48} />
            <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((v) => formatPercent(Number(v))).join(' – ') : formatPercent(Number(value)))} />
            <Legend verticalAlign="top" height={28} />
            <Area dataKey="interval" name={`${confidence} interval`} stroke="none" fill={SERIES_COLORS[0]} fillOpacity={0.15} isAnimationActive={false} connectNulls />
            <Line dataKey="auditedErrorRate" name="Audited error" stroke={SERIES_COLORS[0]} strokeWidth={0} dot={{ r: 3 }} isAnimationActive={false} />
            {alpha === null ? null : <ReferenceLine y={alpha} stroke={SERIES_COLORS[5]} strokeDasharray="6 3" label={{ value: `α ${formatPercent(alpha)}`, position: 'insideTopRight', fill: '#7c2d12' }} />}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title="Cases, queue depth and deadline breaches"
        summary={`${formatCount(totals.cases)} cases over the period; ${formatCount(last?.queueDepth)} waiting for people now; ${formatCount(totals.breaches)} past their deadline before people settled them.`}
        testId="chart-oversight-volume"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis dataKey="label" minTickGap={24} />
            <YAxis domain={countAxis.domain} ticks={countAxis.ticks} interval={0} tickFormatter={(value: number) => formatCount(value)} width={56} />
            <Tooltip formatter={(value) => formatCount(Number(value))} />
            <Legend verticalAlign="top" height={28} />
            <Bar dataKey="cases" name="Cases" fill={SERIES_COLORS[4]} isAnimationActive={false} />
            <Bar dataKey="deadlineBreaches" name="Deadline breaches" fill={SERIES_COLORS[5]} isAnimationActive={false} />
            <Line dataKey="queueDepth" name="Waiting for people (end of day)" stroke={SERIES_COLORS[7]} strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFigure>
      <DataTable<TDay>
        isFramed
        tableClassName="min-w-max text-sm"
        caption="Decisions per day"
        csvFileName={`${fileSlug}-oversight.csv`}
        testId="table-oversight-days"
        rows={[...days].reverse()}
        initialRows={10}
        rowKey={(day) => day.day}
        columns={[
          { header: 'Day (UTC)', cell: (day) => day.day, csv: (day) => day.day, isRowHeader: true, className: 'font-medium' },
          { header: 'Cases', cell: (day) => formatCount(day.cases), csv: (day) => day.cases, align: 'right' },
          { header: 'By the model', cell: (day) => formatPercent(day.automationRate), csv: (day) => day.automationRate, align: 'right' },
          { header: 'Overrides', cell: (day) => `${formatPercent(day.overrideRate)} of ${formatCount(day.answers)}`, csv: (day) => day.overrideRate, csvHeader: 'Override rate', align: 'right' },
          { header: 'Answers', cell: (day) => day.answers, csv: (day) => day.answers, isCsvOnly: true },
          { header: 'Audited error', cell: (day) => (day.audits === 0 ? 'no audits' : `${formatCount(day.auditedErrors)} of ${formatCount(day.audits)} (${formatPercent(day.auditedErrorRate)})`), csv: (day) => day.auditedErrorRate, align: 'right' },
          { header: 'Audits', cell: (day) => day.audits, csv: (day) => day.audits, isCsvOnly: true },
          { header: 'Audited errors', cell: (day) => day.auditedErrors, csv: (day) => day.auditedErrors, isCsvOnly: true },
          {
            header: `${confidence} interval`,
            cell: (day) => (day.auditedErrorLow === null ? '—' : `${formatPercent(day.auditedErrorLow)} – ${formatPercent(day.auditedErrorHigh)}`),
            csv: (day) => (day.auditedErrorLow === null ? '' : `${day.auditedErrorLow} – ${day.auditedErrorHigh}`),
            align: 'right',
          },
          { header: 'Waiting at end of day', cell: (day) => formatCount(day.queueDepth), csv: (day) => day.queueDepth, align: 'right' },
          { header: 'Deadline breaches', cell: (day) => formatCount(day.deadlineBreaches), csv: (day) => day.deadlineBreaches, align: 'right' },
        ]}
      />
    </section>
  );
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

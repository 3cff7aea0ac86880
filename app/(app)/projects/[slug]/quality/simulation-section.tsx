'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { computeNiceTicks } from '@/app/_lib/nice-ticks';
import { ChartFigure, SERIES_COLORS, SHARE_TICKS } from './chart-figure';
import { DataTable } from '@/app/_components/data-table';
import { formatCount, formatDateTime, formatPercent } from './format';
import type { TQualitySimulation, TSimulatedStrategy } from './report-types';
import { ReportSection } from './section';
import { SIMULATION_METRIC_NAMES } from '@/ml/simulate/simulation-metric';

/** The learning loop's simulation: each strategy's learning curve and the chosen one's gain over random. */
export function SimulationSection({ simulation, fileSlug }: { simulation: TQualitySimulation | null; fileSlug: string }) {
  if (!simulation) {
    return (
      <ReportSection id="simulation" title="Sampling strategy against random">
        <p className="mt-2 text-sm text-slate-700" data-testid="simulation-empty">
          No simulation yet. When the learning loop replays the labeled data with each sampling strategy, its learning curves and the gain over random sampling show here.
        </p>
      </ReportSection>
    );
  }
  const curves = simulation.strategies.filter((strategy) => strategy.curve.length > 0);
  const metric = SIMULATION_METRIC_NAMES[simulation.metric];
  const labelCounts = curves.flatMap((curve) => curve.curve.map((point) => point.labels));
  const xAxis = computeNiceTicks(Math.min(0, ...labelCounts), Math.max(1, ...labelCounts), { isInteger: true });
  return (
    <ReportSection
      id="simulation"
      title="Sampling strategy against random"
      description={
        <p>
          Simulation of {formatDateTime(simulation.finishedAt)}; the project samples with <strong>{simulation.chosen}</strong>.{simulation.note ? ` ${simulation.note}` : ''}
        </p>
      }
    >
      {curves.length > 0 ? (
        <ChartFigure title="Simulated learning curves" summary={`${metric === 'accuracy' ? 'Accuracy' : 'Micro-F1'} against labels for ${curves.map((curve) => curve.name).join(', ')}.`} testId="chart-simulation">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis type="number" dataKey="labels" tickFormatter={formatCount} domain={xAxis.domain} ticks={xAxis.ticks} interval={0} />
              <YAxis domain={[0, 1]} ticks={SHARE_TICKS} interval={0} tickFormatter={(value: number) => formatPercent(value, 0)} width={48} />
              <Tooltip formatter={(value) => formatPercent(Number(value))} labelFormatter={(value) => `${formatCount(Number(value))} labels`} />
              <Legend verticalAlign="top" height={28} />
              {curves.map((curve, index) => (
                <Line
                  key={curve.name}
                  data={curve.curve}
                  dataKey="accuracy"
                  name={curve.name}
                  stroke={curve.name === 'random' ? '#6b7280' : SERIES_COLORS[index % SERIES_COLORS.length]}
                  strokeWidth={curve.name === simulation.chosen ? 3 : 1.5}
                  strokeDasharray={curve.name === 'random' ? '5 3' : undefined}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </ChartFigure>
      ) : null}
      <DataTable<TSimulatedStrategy>
        isFramed
        tableClassName="min-w-max"
        caption="Strategies"
        csvFileName={`${fileSlug}-simulation.csv`}
        testId="table-simulation"
        rows={simulation.strategies}
        rowKey={(strategy) => strategy.name}
        columns={[
          { header: 'Strategy', cell: (strategy) => strategy.name, csv: (strategy) => strategy.name },
          { header: `Labels to 95% of full ${metric}`, cell: (strategy) => formatCount(strategy.labelsTo95), csv: (strategy) => strategy.labelsTo95, align: 'right' },
          { header: 'AULC', cell: (strategy) => (strategy.aulc === null ? '—' : strategy.aulc.toFixed(3)), csv: (strategy) => strategy.aulc, align: 'right' },
          { header: `Full-data ${metric}`, cell: (strategy) => formatPercent(strategy.fullAccuracy), csv: (strategy) => strategy.fullAccuracy, align: 'right' },
        ]}
      />
    </ReportSection>
  );
}

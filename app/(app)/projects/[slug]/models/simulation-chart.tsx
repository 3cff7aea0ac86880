'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { computeNiceTicks } from '@/app/_lib/nice-ticks';
import { describeStrategy, formatCount, formatPercent } from './format';
import type { TSimulationResult } from './model-types';
import { describeSimulationMetric } from './simulation-text';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9'];

/** Mean learning curves (labels → held-out accuracy, or micro-F1 for label sets) of every simulated strategy, random dashed. */
export function SimulationChart({ result }: { result: TSimulationResult }) {
  const entries = Object.entries(result.strategies);
  const metric = describeSimulationMetric(result);
  const fullAccuracy = entries[0]?.[1].full_accuracy ?? null;
  const accuracies = entries.flatMap(([, outcome]) => outcome.curve.map((p) => p.accuracy));
  const labelCounts = entries.flatMap(([, outcome]) => outcome.curve.map((p) => p.labels));
  const xAxis = computeNiceTicks(Math.min(...labelCounts, 0), Math.max(...labelCounts, 1), { isInteger: true });
  const yAxis = computeNiceTicks(Math.max(0, Math.min(...accuracies, fullAccuracy ?? 1) - 0.02), 1, { bounds: [0, 1] });
  const summary = entries
    .map(([name, outcome]) => `${describeStrategy(name)} reaches ${formatPercent(outcome.curve.at(-1)?.accuracy)} ${metric} at ${formatCount(outcome.curve.at(-1)?.labels)} labels`)
    .join('; ');
  return (
    <figure data-testid="simulation-chart">
      <figcaption className="mb-2 text-sm font-medium text-slate-800">Held-out {metric} against labels bought</figcaption>
      <div role="img" aria-label={`Learning curves, ${metric}. ${summary}.`} className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis type="number" dataKey="labels" domain={xAxis.domain} ticks={xAxis.ticks} interval={0} tickFormatter={(value: number) => formatCount(value)} />
            <YAxis domain={yAxis.domain} ticks={yAxis.ticks} interval={0} tickFormatter={(value: number) => formatPercent(value, 0)} width={56} />
            <Tooltip formatter={(value) => formatPercent(Number(value))} labelFormatter={(value) => `${formatCount(Number(value))} labels`} />
            <Legend verticalAlign="top" height={28} />
            {fullAccuracy !== null ? (
              <ReferenceLine y={0.95 * fullAccuracy} stroke="#64748b" strokeDasharray="2 4" label={{ value: '95% of full data', position: 'insideBottomRight', fontSize: 11 }} />
            ) : null}
            {entries.map(([name, outcome], index) => (
              <Line
                key={name}
                data={outcome.curve}
                dataKey="accuracy"
                name={describeStrategy(name)}
                stroke={name === 'random' ? '#6b7280' : COLORS[index % COLORS.length]}
                strokeDasharray={name === 'random' ? '5 3' : undefined}
                strokeWidth={name === result.recommendation?.strategy ? 3 : 1.5}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
